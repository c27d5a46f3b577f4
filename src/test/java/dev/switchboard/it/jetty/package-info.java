/**
 * Adjustments to the Arquillian Jetty adapter, active only when that adapter is on the class path.
 */
package dev.switchboard.it.jetty;
