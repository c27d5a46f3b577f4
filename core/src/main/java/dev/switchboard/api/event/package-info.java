/**
 * Lifecycle events (observed with CDI {@code @Observes}) and the event/decision records of the channel hooks.
 *
 * <p>Lifecycle events are fired synchronously, for each connection in this order: {@link
 * dev.switchboard.api.event.ConnectEvent} once; then {@link dev.switchboard.api.event.MessageEvent} and {@link
 * dev.switchboard.api.event.BinaryMessageEvent} in arrival order; {@link dev.switchboard.api.event.ErrorEvent}
 * when the transport fails; {@link dev.switchboard.api.event.DisconnectEvent} once, last. Events of one
 * connection never overlap; an observer that throws is logged and does not affect the connection. The
 * subprotocol handler sees each message before the observers do.
 */
package dev.switchboard.api.event;
