/**
 * A Jakarta EE application that is a client of Switchboard, not a host of it: an EJB that publishes through the
 * Java client into a Switchboard deployed elsewhere, and the servlet the tests call it through.
 */
package dev.switchboard.it.app.client;
