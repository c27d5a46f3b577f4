package dev.switchboard.firewall.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Per-address state with a hard size bound and idle expiry, so an attacker cycling through addresses cannot
 * exhaust memory: entries untouched for {@code idleMillis} are dropped, and past {@code maxEntries} the least
 * recently used entry is evicted (which, for a rate limiter, forgets that address's history: the bound is chosen
 * large enough that only an address-cycling attack reaches it).
 *
 * @param <V> the state type
 */
public final class BoundedMap<V> {

    private record Slot<V>(V value, long[] touched) {}

    private final int maxEntries;
    private final long idleMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Slot<V>> map;
    private long lastSweep;

    /**
     * Creates the map.
     *
     * @param maxEntries most entries
     * @param idleMillis idle time after which an entry expires
     */
    public BoundedMap(int maxEntries, long idleMillis) {
        this.maxEntries = maxEntries;
        this.idleMillis = idleMillis;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Slot<V>> eldest) {
                return size() > BoundedMap.this.maxEntries;
            }
        };
    }

    /**
     * The state of a key, created when absent or expired.
     *
     * @param key     the key
     * @param now     the current time in milliseconds
     * @param factory creates fresh state
     * @return the state
     */
    public V get(String key, long now, Function<String, V> factory) {
        lock.lock();
        try {
            sweep(now);
            Slot<V> entry = map.get(key);
            if (entry == null || now - entry.touched()[0] > idleMillis) {
                entry = new Slot<>(factory.apply(key), new long[] {now});
                map.put(key, entry);
            }
            entry.touched()[0] = now;
            return entry.value();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets a key.
     *
     * @param key the key
     */
    public void remove(String key) {
        lock.lock();
        try {
            map.remove(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The number of entries held (expired ones included until the next sweep).
     *
     * @return the size
     */
    public int size() {
        lock.lock();
        try {
            return map.size();
        } finally {
            lock.unlock();
        }
    }

    private void sweep(long now) {
        // Sweeping at most once per idle period keeps the common path O(1).
        if (now - lastSweep < Math.max(1000, idleMillis)) {
            return;
        }
        lastSweep = now;
        for (Iterator<Slot<V>> it = map.values().iterator(); it.hasNext(); ) {
            if (now - it.next().touched()[0] > idleMillis) {
                it.remove();
            }
        }
    }
}
