package dev.switchboard.broker.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The idempotency keys of the newest publications, per channel, so a publication retried with the same key is
 * delivered once. Bounded: the oldest keys are forgotten first.
 */
public final class RecentKeys {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Boolean> keys;

    /**
     * Creates the memory.
     *
     * @param max most keys remembered
     */
    public RecentKeys(int max) {
        this.keys = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > max;
            }
        };
    }

    /**
     * Claims a key for a publication.
     *
     * @param channel the channel
     * @param key     the idempotency key
     * @return true when the key is new (deliver), false when it was claimed before (a duplicate)
     */
    public boolean claim(String channel, String key) {
        lock.lock();
        try {
            return keys.putIfAbsent(id(channel, key), Boolean.TRUE) == null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives a key back after its publication was refused, so a retry is taken.
     *
     * @param channel the channel
     * @param key     the idempotency key
     */
    public void release(String channel, String key) {
        lock.lock();
        try {
            keys.remove(id(channel, key));
        } finally {
            lock.unlock();
        }
    }

    private static String id(String channel, String key) {
        return channel + '\u0000' + key;
    }
}
