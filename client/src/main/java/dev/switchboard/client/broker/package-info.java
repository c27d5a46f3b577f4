/**
 * Several subprotocols on one connection with the sgc broker protocol ({@code broker.esegece.com}): one outer
 * {@link dev.switchboard.client.link.Link} carries inner links, one per protocol, that the protocol clients
 * ({@link dev.switchboard.client.SwitchboardClient}, a STOMP or MQTT client of the application's) use as if each were
 * a connection of its own. The envelope is in {@code docs/protocols.md} ("sgc broker").
 */
package dev.switchboard.client.broker;
