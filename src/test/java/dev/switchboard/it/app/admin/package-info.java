/**
 * Test-only servlets added to the WAR inside the EAR on WildFly, so client-side tests can drive and observe
 * what has no HTTP face of its own yet: the node administration EJB and the configuration the wildfly-config
 * scripts put in place.
 */
package dev.switchboard.it.app.admin;
