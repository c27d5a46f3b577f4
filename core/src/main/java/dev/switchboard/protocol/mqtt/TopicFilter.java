package dev.switchboard.protocol.mqtt;

import dev.switchboard.channel.ChannelFilter;

/**
 * An MQTT topic filter with {@code +} (one level) and {@code #} (this level and all below) as a hub
 * {@link ChannelFilter} (MQTT 5.0 §4.7): levels are split on {@code /}, and a topic starting with {@code $} is not
 * matched by a filter starting with a wildcard. Matching walks the filter and the channel once, level by level, so it
 * runs in time linear in their lengths. Topics are matched exactly as the client sent them (case-sensitive); the
 * hub hands channel names in their canonical (NFC) form, and filters are made canonical the same way.
 *
 * @param filter the canonical filter
 */
record TopicFilter(String filter) implements ChannelFilter {

    /** The prefix of every MQTT filter's key, so that no other protocol's filter shares it. */
    static final String KEY_PREFIX = "mqtt:";

    @Override
    public String key() {
        return KEY_PREFIX + filter;
    }

    @Override
    public boolean matches(String canonicalChannel) {
        return matches(filter, canonicalChannel);
    }

    /** Tells whether a filter has a wildcard (so it needs a filter subscription rather than an exact one). */
    static boolean hasWildcard(String filter) {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }

    /**
     * Matches a topic name against a valid filter.
     *
     * @param filter a filter {@link #validFilter} accepts
     * @param topic  a topic name
     * @return true when the filter selects the topic
     */
    static boolean matches(String filter, String topic) {
        if (!topic.isEmpty() && topic.charAt(0) == '$' && !filter.isEmpty()) {
            char first = filter.charAt(0);
            if (first == '+' || first == '#') {
                return false;
            }
        }
        int f = 0;
        int t = 0;
        int fl = filter.length();
        int tl = topic.length();
        while (true) {
            // At the start of a level in both.
            if (f < fl && filter.charAt(f) == '#') {
                // '#' matches this level and every level below, and the parent level itself ("a/#" matches "a").
                return true;
            }
            int fEnd = filter.indexOf('/', f);
            if (fEnd < 0) {
                fEnd = fl;
            }
            int tEnd = topic.indexOf('/', t);
            if (tEnd < 0) {
                tEnd = tl;
            }
            boolean plus = fEnd - f == 1 && filter.charAt(f) == '+';
            if (!plus && (fEnd - f != tEnd - t || !filter.regionMatches(f, topic, t, fEnd - f))) {
                return false;
            }
            boolean filterDone = fEnd >= fl;
            boolean topicDone = tEnd >= tl;
            if (filterDone && topicDone) {
                return true;
            }
            if (filterDone) {
                return false;
            }
            if (topicDone) {
                // Only "a/#" may still match "a": the filter's rest must be exactly "/#".
                return fEnd + 2 == fl && filter.charAt(fEnd + 1) == '#';
            }
            f = fEnd + 1;
            t = tEnd + 1;
        }
    }

    /**
     * Checks a topic filter (MQTT 5.0 §4.7.1): not empty; {@code #} only as the last level, alone; {@code +} alone
     * in its level.
     *
     * @param filter the filter
     * @return true when valid
     */
    static boolean validFilter(String filter) {
        if (filter.isEmpty()) {
            return false;
        }
        int length = filter.length();
        for (int i = 0; i < length; i++) {
            char c = filter.charAt(i);
            if (c == '+' || c == '#') {
                boolean startsLevel = i == 0 || filter.charAt(i - 1) == '/';
                boolean endsLevel = i + 1 == length || filter.charAt(i + 1) == '/';
                if (!startsLevel || !endsLevel || (c == '#' && i + 1 != length)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Checks a topic name a client publishes to: not empty, no wildcard.
     *
     * @param topic the topic name
     * @return true when valid
     */
    static boolean validTopicName(String topic) {
        return !topic.isEmpty() && !hasWildcard(topic);
    }

    /** The number of levels of a topic or filter. */
    static int levels(String topic) {
        int count = 1;
        for (int i = 0; i < topic.length(); i++) {
            if (topic.charAt(i) == '/') {
                count++;
            }
        }
        return count;
    }
}
