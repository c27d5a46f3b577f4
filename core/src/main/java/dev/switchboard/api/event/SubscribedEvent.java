package dev.switchboard.api.event;

import dev.switchboard.api.Connection;

/**
 * A connection was subscribed to a channel it did not hold before, by any protocol or transport (sgc, STOMP, MQTT,
 * WAMP, SSE, presence, files, E2EE) or by a {@link dev.switchboard.api.Gateway#subscribe} call. Fired by the hub
 * after the subscription took effect, synchronously on the thread that subscribed; a repeated subscription to the
 * same channel fires nothing. The client's request was judged by the {@link dev.switchboard.spi.SubscribeHandler}s
 * first: a refused one never reaches this event.
 *
 * @param connection the subscribed connection
 * @param channel    the channel name or mask in its canonical form ({@code dev.switchboard.channel.ChannelNames}), as
 *                   {@link dev.switchboard.api.Gateway#subscriptions} lists it; for a protocol's wildcard filter
 *                   subscription (MQTT, WAMP) the filter's key as {@code subscriptions} lists it
 */
public record SubscribedEvent(Connection connection, String channel) {}
