package dev.switchboard.protocol.wamp;

import dev.switchboard.api.Connection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection's WAMP v1 session: its CURIE prefixes and its subscribed channels. Inbound messages of a connection
 * are handled one at a time, but deliveries read the subscriptions from the broker's threads, hence the concurrent
 * collections.
 */
final class WampV1Session {

    private final Connection connection;
    private final ConcurrentHashMap<String, String> prefixes = new ConcurrentHashMap<>();
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean ended = new AtomicBoolean();

    WampV1Session(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** The WAMP session id: the connection id. */
    String id() {
        return connection.id();
    }

    /** Defines or redefines a prefix; false when a new one would pass {@code max}. */
    boolean definePrefix(String prefix, String uri, int max) {
        if (!prefixes.containsKey(prefix) && prefixes.size() >= max) {
            return false;
        }
        prefixes.put(prefix, uri);
        return true;
    }

    /**
     * A CURIE ({@code prefix:rest}) of a defined prefix as its full URI; anything else as it is, since a full URI
     * ({@code http://...}) also has a colon. One scan for the colon and one map lookup: linear in the input.
     */
    String expand(String uriOrCurie) {
        int colon = uriOrCurie.indexOf(':');
        if (colon <= 0) {
            return uriOrCurie;
        }
        String uri = prefixes.get(uriOrCurie.substring(0, colon));
        return uri == null ? uriOrCurie : uri + uriOrCurie.substring(colon + 1);
    }

    boolean subscribed(String channel) {
        return subscriptions.contains(channel);
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    void addSubscription(String channel) {
        subscriptions.add(channel);
    }

    boolean removeSubscription(String channel) {
        return subscriptions.remove(channel);
    }

    boolean ended() {
        return ended.get();
    }

    /** Ends the session; true for the call that did. */
    boolean end() {
        return ended.compareAndSet(false, true);
    }
}
