package dev.switchboard.hub;

import dev.switchboard.api.Priority;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which lane of the outbound queues a publication waits in, and the rate connections are written at
 * ({@code switchboard.outbound.channel-priorities}, {@code .throttle}, {@code .max-priority-masks}). A channel's
 * priority is decided on its canonical name, once per publication, by the first configured mask that matches; a
 * connection may have masks of its own ({@link dev.switchboard.api.Gateway#prioritize}), asked first.
 *
 * <p>Immutable; thread-safe.
 */
public final class OutboundLanes {

    /** Default of {@code switchboard.outbound.max-priority-masks}. */
    public static final int DEFAULT_MAX_MASKS = 16;

    /** No priorities, no throttle. */
    public static final OutboundLanes NONE = new OutboundLanes(List.of(), 0L, DEFAULT_MAX_MASKS);

    /**
     * A mask and the lane of the channels it matches.
     *
     * @param mask     the compiled mask
     * @param priority the lane
     */
    public record ChannelPriority(ChannelMask mask, Priority priority) {}

    private final List<ChannelPriority> channels;
    private final long throttle;
    private final int maxMasks;

    private OutboundLanes(List<ChannelPriority> channels, long throttle, int maxMasks) {
        this.channels = List.copyOf(channels);
        this.throttle = throttle;
        this.maxMasks = maxMasks;
    }

    /**
     * Reads the settings.
     *
     * @param reader the configuration
     * @return the lanes
     * @throws IllegalArgumentException for a malformed entry, a negative rate or too many masks
     */
    public static OutboundLanes read(ConfigReader reader) {
        long throttle = reader.getLong(ConfigKeys.OUTBOUND_THROTTLE, 0L);
        if (throttle < 0) {
            throw new IllegalArgumentException(ConfigKeys.OUTBOUND_THROTTLE + " must not be negative: " + throttle);
        }
        int maxMasks = reader.getInt(ConfigKeys.OUTBOUND_MAX_PRIORITY_MASKS, DEFAULT_MAX_MASKS);
        if (maxMasks < 0) {
            throw new IllegalArgumentException(
                    ConfigKeys.OUTBOUND_MAX_PRIORITY_MASKS + " must not be negative: " + maxMasks);
        }
        List<ChannelPriority> channels = new ArrayList<>();
        for (String entry : reader.getList(ConfigKeys.OUTBOUND_CHANNEL_PRIORITIES, List.of())) {
            int equals = entry.lastIndexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(ConfigKeys.OUTBOUND_CHANNEL_PRIORITIES
                        + ": expected mask=high|normal|low, got '" + entry + "'");
            }
            channels.add(entry(
                    entry.substring(0, equals).strip(),
                    priority(entry.substring(equals + 1).strip())));
        }
        if (channels.size() > maxMasks) {
            throw new IllegalArgumentException(ConfigKeys.OUTBOUND_CHANNEL_PRIORITIES + " lists " + channels.size()
                    + " masks; at most " + maxMasks + " (" + ConfigKeys.OUTBOUND_MAX_PRIORITY_MASKS + ")");
        }
        return new OutboundLanes(channels, throttle, maxMasks);
    }

    /**
     * Compiles one mask and its lane.
     *
     * @param mask     the channel mask, in any spelling a client may use
     * @param priority the lane
     * @return the entry
     * @throws IllegalArgumentException when the mask is not a valid channel mask
     */
    public static ChannelPriority entry(String mask, Priority priority) {
        return new ChannelPriority(ChannelMask.compile(mask), priority);
    }

    /**
     * Parses a priority name.
     *
     * @param name {@code high}, {@code normal} or {@code low}, in any letter case
     * @return the priority
     * @throws IllegalArgumentException for another name
     */
    public static Priority priority(String name) {
        try {
            return Priority.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a priority is high, normal or low, not '" + name + "'", e);
        }
    }

    /**
     * The lane of a channel's publications on every connection.
     *
     * @param channel the canonical channel name
     * @return the first matching mask's priority; {@link Priority#NORMAL} when none matches
     */
    public Priority of(String channel) {
        return match(channels, channel, Priority.NORMAL);
    }

    /**
     * The first matching entry's priority.
     *
     * @param entries  the masks, in order
     * @param channel  the canonical channel name
     * @param fallback what no match gives
     * @return the priority
     */
    static Priority match(List<ChannelPriority> entries, String channel, Priority fallback) {
        for (ChannelPriority entry : entries) {
            if (entry.mask().matches(channel)) {
                return entry.priority();
            }
        }
        return fallback;
    }

    /**
     * The rate every new connection is written at.
     *
     * @return bytes per second; 0 for no limit
     */
    public long throttle() {
        return throttle;
    }

    /**
     * The most masks a connection may be given of its own.
     *
     * @return the bound
     */
    public int maxMasks() {
        return maxMasks;
    }
}
