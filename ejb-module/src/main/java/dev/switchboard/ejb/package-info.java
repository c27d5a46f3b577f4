/**
 * Enterprise beans for what only an application server does well, each a thin shell over core's CDI beans:
 * node administration, and the message-driven bean that receives the cluster topic for core's Jakarta Messaging
 * broker (timers as they land).
 *
 * <p>The beans hold no Switchboard logic of their own. Core sits in the EAR's {@code lib/}, so the WAR and this
 * module share one set of application-scoped beans (one {@link dev.switchboard.hub.ConnectionRegistry} per
 * node), and an operation here acts on the connections the WAR accepted.
 *
 * <p>The message-driven bean makes the EJB module, and so the EAR, need a Jakarta Messaging resource adapter: the
 * EAR deploys on WildFly's {@code standalone-full} configurations (messaging subsystem), not on
 * {@code standalone.xml}, where the WAR alone serves a single node.
 */
package dev.switchboard.ejb;
