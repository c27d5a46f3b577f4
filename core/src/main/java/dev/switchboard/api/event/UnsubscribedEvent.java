package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * A connection's subscription to a channel ended: the client unsubscribed, the server called
 * {@link dev.switchboard.api.Gateway#unsubscribe}, or the connection closed. Fired by the hub after the subscription
 * was removed, synchronously on the thread that removed it; for a closing connection, once per subscription it
 * held, before its {@link DisconnectEvent}.
 *
 * @param connection       the connection
 * @param channel          the channel name or mask in its canonical form, as {@link SubscribedEvent#channel()} named it
 * @param connectionClosed true when the subscription ended because the connection closed
 */
public record UnsubscribedEvent(Connection connection, String channel, boolean connectionClosed) {}
