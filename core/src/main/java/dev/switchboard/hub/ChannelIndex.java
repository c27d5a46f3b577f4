package dev.switchboard.hub;

import dev.switchboard.channel.ChannelFilter;
import dev.switchboard.channel.ChannelNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is subscribed to what: exact channel names, and masks that match channels by name (see
 * {@link ChannelMask}). Safe for concurrent use; a connection's subscriptions are dropped with it.
 *
 * <p>A publication to channel {@code c} reaches the subscribers of {@code c} and of every mask matching
 * {@code c}, each once.
 */
final class ChannelIndex {

    private record MaskSubscription(ChannelMask mask, Set<HubConnection> subscribers) {}

    private record FilterSubscription(ChannelFilter filter, Set<HubConnection> subscribers) {}

    /**
     * Marks a filter's key among a connection's subscription names: a canonical channel name never holds U+0000, so
     * a filter never shares a name with a channel or a mask.
     */
    private static final String FILTER_MARK = "\u0000filter:";

    private final boolean masksEnabled;
    private final ConcurrentHashMap<String, Set<HubConnection>> exact = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MaskSubscription> masks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, FilterSubscription> filters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> byConnection = new ConcurrentHashMap<>();

    ChannelIndex(boolean masksEnabled) {
        this.masksEnabled = masksEnabled;
    }

    /** Splits a spec into its canonical names: a comma list gives several, blanks and repeats are dropped. */
    static List<String> split(String spec) {
        return ChannelNames.split(spec);
    }

    boolean isMask(String name) {
        return masksEnabled && ChannelMask.isMask(name);
    }

    boolean subscribe(HubConnection connection, String channel) {
        String name = ChannelNames.canonical(channel);
        Set<String> own = byConnection.computeIfAbsent(connection.id(), id -> ConcurrentHashMap.newKeySet());
        if (!own.add(name)) {
            return false;
        }
        if (isMask(name)) {
            masks.compute(name, (key, entry) -> {
                MaskSubscription subscription = entry != null
                        ? entry
                        : new MaskSubscription(ChannelMask.compile(key), ConcurrentHashMap.newKeySet());
                subscription.subscribers().add(connection);
                return subscription;
            });
        } else {
            exact.compute(name, (key, set) -> {
                Set<HubConnection> subscribers = set != null ? set : ConcurrentHashMap.newKeySet();
                subscribers.add(connection);
                return subscribers;
            });
        }
        if (!connection.isOpen()) {
            // Closed while subscribing: its cleanup may already have run, so undo what was just added.
            unsubscribe(connection, name);
            return false;
        }
        return true;
    }

    /** Subscribes a connection to a protocol's filter; false when it held the same filter already. */
    boolean subscribeFilter(HubConnection connection, ChannelFilter filter) {
        String name = FILTER_MARK + filter.key();
        Set<String> own = byConnection.computeIfAbsent(connection.id(), id -> ConcurrentHashMap.newKeySet());
        if (!own.add(name)) {
            return false;
        }
        filters.compute(name, (key, entry) -> {
            FilterSubscription subscription =
                    entry != null ? entry : new FilterSubscription(filter, ConcurrentHashMap.newKeySet());
            subscription.subscribers().add(connection);
            return subscription;
        });
        if (!connection.isOpen()) {
            unsubscribeFilter(connection, filter.key());
            return false;
        }
        return true;
    }

    /** Drops a connection's filter by its key; false when it held no such filter. */
    boolean unsubscribeFilter(HubConnection connection, String key) {
        String name = FILTER_MARK + key;
        Set<String> own = byConnection.get(connection.id());
        if (own == null || !own.remove(name)) {
            return false;
        }
        removeFromIndexes(connection, name);
        return true;
    }

    boolean unsubscribe(HubConnection connection, String channel) {
        String name = ChannelNames.canonical(channel);
        Set<String> own = byConnection.get(connection.id());
        if (own == null || !own.remove(name)) {
            return false;
        }
        removeFromIndexes(connection, name);
        return true;
    }

    List<String> unsubscribeAll(HubConnection connection) {
        Set<String> own = byConnection.remove(connection.id());
        if (own == null) {
            return List.of();
        }
        List<String> removed = new ArrayList<>(own);
        for (String name : removed) {
            removeFromIndexes(connection, name);
        }
        return removed;
    }

    /** Takes a connection out of the subscriber set of one name or mask; an emptied set disappears. */
    private void removeFromIndexes(HubConnection connection, String name) {
        if (name.startsWith(FILTER_MARK)) {
            filters.computeIfPresent(name, (key, entry) -> {
                entry.subscribers().remove(connection);
                return entry.subscribers().isEmpty() ? null : entry;
            });
            return;
        }
        masks.computeIfPresent(name, (key, entry) -> {
            entry.subscribers().remove(connection);
            return entry.subscribers().isEmpty() ? null : entry;
        });
        exact.computeIfPresent(name, (key, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** The number of names and masks a connection is subscribed to. */
    int subscriptionCount(String connectionId) {
        Set<String> own = byConnection.get(connectionId);
        return own == null ? 0 : own.size();
    }

    boolean isSubscribed(String connectionId, String name) {
        Set<String> own = byConnection.get(connectionId);
        return own != null && own.contains(name);
    }

    /** A connection's channels and masks, and its filters by key. */
    Set<String> subscriptions(String connectionId) {
        Set<String> own = byConnection.get(connectionId);
        if (own == null) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : own) {
            names.add(displayName(name));
        }
        return Set.copyOf(names);
    }

    /** A subscription's name as the application sees it: a filter by its key, without the internal mark. */
    static String displayName(String name) {
        return name.startsWith(FILTER_MARK) ? name.substring(FILTER_MARK.length()) : name;
    }

    /** The connections subscribed to one name or mask itself (not to masks matching it). */
    int subscriberCount(String name) {
        Set<HubConnection> direct = exact.get(name);
        MaskSubscription mask = masks.get(name);
        return (direct == null ? 0 : direct.size())
                + (mask == null ? 0 : mask.subscribers().size());
    }

    Set<String> names() {
        Set<String> names = new LinkedHashSet<>(exact.keySet());
        names.addAll(masks.keySet());
        return Set.copyOf(names);
    }

    /**
     * The channels a publish spec reaches: a comma list is split; a mask reaches the exact channels with
     * subscribers that it matches (the sgc rule); a plain name is itself.
     */
    List<String> expandForPublish(String spec) {
        List<String> names = split(spec);
        if (names.size() == 1 && !isMask(names.get(0))) {
            return names;
        }
        // A set keeps the order and finds repeats in constant time: a long list or a broad mask stays linear.
        Set<String> channels = new LinkedHashSet<>();
        for (String name : names) {
            if (isMask(name)) {
                ChannelMask mask = ChannelMask.compile(name);
                for (String channel : exact.keySet()) {
                    if (!channels.contains(channel) && mask.matches(ChannelNames.foldedCodePoints(channel))) {
                        channels.add(channel);
                    }
                }
            } else {
                channels.add(name);
            }
        }
        return new ArrayList<>(channels);
    }

    /** The subscribers one publication to {@code channel} reaches, each once. */
    Collection<HubConnection> subscribersOf(String channel) {
        Set<HubConnection> direct = exact.get(channel);
        if (masks.isEmpty() && filters.isEmpty()) {
            return direct == null ? List.of() : direct;
        }
        Set<HubConnection> all = new LinkedHashSet<>();
        if (direct != null) {
            all.addAll(direct);
        }
        if (!masks.isEmpty()) {
            // Folded once per publication, then each mask is one linear-time pass over it.
            int[] folded = ChannelNames.foldedCodePoints(channel);
            for (Map.Entry<String, MaskSubscription> entry : masks.entrySet()) {
                if (entry.getValue().mask().matches(folded)) {
                    all.addAll(entry.getValue().subscribers());
                }
            }
        }
        if (ChannelNames.isReserved(channel)) {
            // Queues and user channels are reached by name only: no protocol filter (an MQTT '#') reads them.
            return all;
        }
        for (FilterSubscription subscription : filters.values()) {
            if (subscription.filter().matches(channel)) {
                all.addAll(subscription.subscribers());
            }
        }
        return all;
    }
}
