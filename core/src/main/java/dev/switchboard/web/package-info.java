/**
 * Servlet wiring: the container initializer that installs Switchboard in any web application that contains the
 * core jar (filters in their fixed order, the health servlet, the shutdown listener), and the health servlet.
 */
package dev.switchboard.web;
