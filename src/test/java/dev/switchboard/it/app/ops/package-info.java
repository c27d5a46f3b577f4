/**
 * A test-only servlet added to the WAR inside the EAR on WildFly, so a client-side test can read and operate
 * Switchboard's MBeans in the server's own platform MBean server, where an operator's JMX console finds them.
 */
package dev.switchboard.it.app.ops;
