/**
 * The transport-neutral hub: the {@link dev.switchboard.api.Gateway} over the {@link dev.switchboard.spi.Broker},
 * the connection registry, this node's subscriptions, groups and delivery, the connection lifecycle, and the
 * bounded per-connection outbound queue every transport sends through.
 *
 * <p>Its parts, one job each: {@link dev.switchboard.hub.Hub} (what transports and protocols call) over the
 * gateway implementation that hands every message to the broker; {@code LocalDelivery}, the broker's
 * {@link dev.switchboard.spi.Broker.Delivery} on this node, which fans a message out to this node's connections only
 * (a publication encoded once per subprotocol, or built per subscriber by a protocol that must, and the writes
 * started afterwards in parallel batches) and keeps a resuming subscriber's replay and live deliveries apart;
 * {@code ConnectionLifecycle} (registry, inbound checks, identity expiry, cleanup); {@code HubEvents} (the CDI
 * lifecycle events); {@link dev.switchboard.hub.Heartbeat} and {@link dev.switchboard.hub.IdentityExpiry} on the
 * injected {@link dev.switchboard.spi.Scheduler}.
 *
 * <p>WebSocket, TCP and SSE connections are the same to the hub; a transport adapter supplies only the one-frame
 * write and the close (see {@link dev.switchboard.hub.BaseConnection}), calls the handler through {@link
 * dev.switchboard.hub.SerialCalls}, and the hub works on its own
 * {@link dev.switchboard.hub.HubConnection}, found in the registry by id, never by casting an application's
 * connection.
 *
 * <p>Channel names enter the hub in their one canonical form and masks match them through the one matcher of
 * {@link dev.switchboard.channel} (NFC names, a single per-code-point fold, linear-time matching), which the
 * permission rules share. What a client sends is limited and what it holds is budgeted
 * ({@link dev.switchboard.hub.ClientBudgets}); refusals are counted per connection and in the hub.
 */
package dev.switchboard.hub;
