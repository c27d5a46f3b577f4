/**
 * Enterprise beans for what only an application server does well, each a thin shell over core's CDI beans:
 * node administration now; the Jakarta Messaging cluster bridge and timers as they land.
 *
 * <p>The beans hold no Switchboard logic of their own. Core sits in the EAR's {@code lib/}, so the WAR and this
 * module share one set of application-scoped beans (one {@link dev.switchboard.hub.ConnectionRegistry} per
 * node), and an operation here acts on the connections the WAR accepted.
 */
package dev.switchboard.ejb;
