/**
 * Lifecycle events (observed with CDI {@code @Observes}) and the event/decision records of the channel hooks.
 *
 * <p>Lifecycle events are fired synchronously, for each connection in this order: {@link
 * dev.switchboard.api.event.ConnectEvent} once; then {@link dev.switchboard.api.event.MessageEvent} and {@link
 * dev.switchboard.api.event.BinaryMessageEvent} in arrival order; {@link dev.switchboard.api.event.ErrorEvent}
 * when the transport fails; {@link dev.switchboard.api.event.DisconnectEvent} once, last. Events of one
 * connection never overlap; an observer that throws is logged and does not affect the connection. The
 * subprotocol handler sees each message before the observers do.
 *
 * <p>Subscription and group events come from the hub, so they fire alike for every protocol and transport and for
 * the application's own {@link dev.switchboard.api.Gateway} calls: {@link dev.switchboard.api.event.SubscribedEvent},
 * {@link dev.switchboard.api.event.UnsubscribedEvent}, {@link dev.switchboard.api.event.GroupJoinedEvent} and {@link
 * dev.switchboard.api.event.GroupLeftEvent}, on the thread that made the change, after it took effect, with the
 * channel in its canonical form. When a connection closes, an {@code UnsubscribedEvent} per subscription and a
 * {@code GroupLeftEvent} per group precede its {@code DisconnectEvent}. An observer that throws is logged; the change
 * stands and the client is not told.
 *
 * <p>The veto point before a client subscribes (sgcWebSockets' {@code OnBeforeSubscription}) is a {@link
 * dev.switchboard.spi.SubscribeHandler} bean: it receives a {@link dev.switchboard.api.event.SubscribeEvent} and returns
 * a {@link dev.switchboard.api.event.SubscribeDecision}; each protocol reports a denial its own way (see the
 * handler's Javadoc).
 */
package dev.switchboard.api.event;
