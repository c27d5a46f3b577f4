package dev.switchboard.protocol.wamp;

import dev.switchboard.channel.ChannelFilter;

/**
 * A WAMP {@code prefix} or {@code wildcard} subscription as a hub {@link ChannelFilter}. A prefix matches every
 * channel that starts with it; a wildcard pattern has as many dot-separated components as the channels it matches,
 * and an empty component matches any one component. Both walk the pattern and the channel once, so matching is
 * linear in their lengths.
 *
 * @param match   {@code prefix} or {@code wildcard}
 * @param pattern the canonical pattern
 */
record WampTopicFilter(String match, String pattern) implements ChannelFilter {

    /** The exact match policy, which needs no filter. */
    static final String EXACT = "exact";
    /** The prefix match policy. */
    static final String PREFIX = "prefix";
    /** The wildcard match policy. */
    static final String WILDCARD = "wildcard";

    @Override
    public String key() {
        return "wamp:" + match + ":" + pattern;
    }

    @Override
    public boolean matches(String canonicalChannel) {
        return matches(match, pattern, canonicalChannel);
    }

    /**
     * Tests a channel against a subscription.
     *
     * @param match   the match policy
     * @param pattern the subscribed topic or pattern
     * @param channel the channel
     * @return true when the subscription selects the channel
     */
    static boolean matches(String match, String pattern, String channel) {
        return switch (match) {
            case PREFIX -> channel.startsWith(pattern);
            case WILDCARD -> wildcard(pattern, channel);
            default -> channel.equals(pattern);
        };
    }

    private static boolean wildcard(String pattern, String channel) {
        int p = 0;
        int c = 0;
        int pl = pattern.length();
        int cl = channel.length();
        while (true) {
            int pEnd = pattern.indexOf('.', p);
            if (pEnd < 0) {
                pEnd = pl;
            }
            int cEnd = channel.indexOf('.', c);
            if (cEnd < 0) {
                cEnd = cl;
            }
            boolean any = pEnd == p;
            if (!any && (pEnd - p != cEnd - c || !pattern.regionMatches(p, channel, c, pEnd - p))) {
                return false;
            }
            if (any && cEnd == c) {
                // An empty component of the pattern matches one non-empty component only.
                return false;
            }
            boolean patternDone = pEnd >= pl;
            boolean channelDone = cEnd >= cl;
            if (patternDone || channelDone) {
                return patternDone && channelDone;
            }
            p = pEnd + 1;
            c = cEnd + 1;
        }
    }
}
