package dev.switchboard.channel;

/**
 * A rule that picks channels by name for a subscription, in a protocol's own syntax (an MQTT topic filter with
 * {@code +} and {@code #}, say), beside the exact names and sgc masks the hub knows itself. A publication to a
 * channel the filter matches reaches the subscribed connection once, however many of its filters match.
 *
 * <p>Implementations are immutable and thread-safe: the hub tests them on publishers' threads, concurrently.
 * {@link #matches} runs in time linear in the name's and the filter's lengths (a filter usually comes from a
 * client, and every publication tests every filter).
 */
public interface ChannelFilter {

    /**
     * Names the filter: two filters with the same key are the same subscription, and a connection unsubscribes by
     * it. Prefix it with the protocol's name ({@code mqtt:sport/+/score}) so that filters of two protocols never
     * share a key.
     *
     * @return the key
     */
    String key();

    /**
     * Tests a channel.
     *
     * @param canonicalChannel a channel name in its {@link ChannelNames#canonical canonical} form
     * @return true when a publication to the channel reaches the filter's subscribers
     */
    boolean matches(String canonicalChannel);
}
