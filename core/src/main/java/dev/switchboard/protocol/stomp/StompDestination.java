package dev.switchboard.protocol.stomp;

import dev.switchboard.channel.ChannelNames;
import dev.switchboard.channel.Glob;
import java.security.Principal;
import java.util.Optional;

/**
 * A STOMP destination mapped to a Switchboard channel.
 *
 * <ul>
 *   <li>{@code /topic/NAME}: channel {@code NAME}, every subscriber gets every message;
 *   <li>{@code /queue/NAME}: channel {@code /queue/NAME}, each message reaches one STOMP subscriber of this node,
 *       round robin;
 *   <li>{@code /user/queue/NAME}: the connection's own user channel {@code /user/LOGIN/queue/NAME};
 *   <li>{@code /user/LOGIN/queue/NAME} (SEND only): that user's channel, as Spring's user destinations.
 * </ul>
 *
 * @param channel     the canonical channel
 * @param destination the destination as MESSAGE frames name it (the subscription's own)
 * @param queue       true for a round-robin queue
 */
record StompDestination(String channel, String destination, boolean queue) {

    static final String TOPIC = "/topic/";
    static final String QUEUE = "/queue/";
    static final String USER = "/user/";
    private static final String OWN_USER_QUEUE = "/user/queue/";

    /**
     * Maps a destination header.
     *
     * @param destination the header value
     * @param principal   the connection's principal, for {@code /user/queue/}
     * @param subscribing true for SUBSCRIBE (another user's channel cannot be subscribed)
     * @param limits      the channel name limits
     * @return the mapping
     * @throws StompProtocolException for a destination that is not served
     */
    static StompDestination of(
            String destination, Optional<Principal> principal, boolean subscribing, ChannelNames.Limits limits)
            throws StompProtocolException {
        if (destination.startsWith(TOPIC)) {
            String channel = name(destination.substring(TOPIC.length()), destination, limits);
            if (channel.startsWith(QUEUE) || channel.startsWith(USER)) {
                // Reserved: a topic must not reach a queue or a user channel by its channel name.
                throw refused(destination);
            }
            return new StompDestination(channel, destination, false);
        }
        if (destination.startsWith(QUEUE)) {
            name(destination.substring(QUEUE.length()), destination, limits);
            return new StompDestination(channel(destination, limits), destination, true);
        }
        if (destination.startsWith(OWN_USER_QUEUE)) {
            name(destination.substring(OWN_USER_QUEUE.length()), destination, limits);
            String user = principal
                    .map(Principal::getName)
                    .orElseThrow(() -> new StompProtocolException("/user/ destinations need a login"));
            return new StompDestination(
                    channel(USER + user + QUEUE + destination.substring(OWN_USER_QUEUE.length()), limits),
                    destination,
                    false);
        }
        if (destination.startsWith(USER) && !subscribing) {
            String rest = destination.substring(USER.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.startsWith(QUEUE, slash)) {
                name(rest.substring(slash + QUEUE.length()), destination, limits);
                return new StompDestination(channel(destination, limits), destination, false);
            }
        }
        throw refused(destination);
    }

    private static StompProtocolException refused(String destination) {
        return new StompProtocolException("destination '" + StompFrameCodec.printable(destination)
                + "' is not served: use /topic/NAME, /queue/NAME, /user/queue/NAME or (SEND) /user/LOGIN/queue/NAME");
    }

    /** Checks the NAME part: not empty, no list commas and no mask wildcards, within the channel limits. */
    private static String name(String name, String destination, ChannelNames.Limits limits)
            throws StompProtocolException {
        if (name.isEmpty()) {
            throw refused(destination);
        }
        return channel(name, limits);
    }

    private static String channel(String name, ChannelNames.Limits limits) throws StompProtocolException {
        String canonical = ChannelNames.canonical(name);
        try {
            ChannelNames.check(canonical, limits, false);
        } catch (ChannelNames.InvalidChannelException e) {
            throw new StompProtocolException(e.getMessage());
        }
        if (canonical.indexOf(',') >= 0 || Glob.hasWildcards(canonical)) {
            // A channel spec with these would be read as a list or a mask by the hub.
            throw new StompProtocolException("a STOMP destination must not contain ',', '*', '?' or '['");
        }
        return canonical;
    }
}
