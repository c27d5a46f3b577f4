package dev.switchboard.protocol.files;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Each user's share of the spool: uploads in progress (or awaiting resume) and the bytes they reserved, which is
 * their announced size, so a user can never write past the quota however the chunks arrive.
 */
final class Quotas {

    private static final long[] NOTHING = new long[2];

    private final int maxTransfers;
    private final long maxBytes;
    private final long maxTotalBytes;
    private long totalBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, long[]> usage = new HashMap<>();

    Quotas(int maxTransfers, long maxBytes, long maxTotalBytes) {
        this.maxTransfers = maxTransfers;
        this.maxBytes = maxBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /**
     * Reserves one transfer of {@code bytes} for a user.
     *
     * @return the refusal the client is told, or null when reserved
     */
    String reserve(String user, long bytes) {
        lock.lock();
        try {
            // A refused user with nothing reserved gets no entry.
            long[] used = usage.getOrDefault(user, NOTHING);
            if (used[0] >= maxTransfers) {
                return "too many transfers: at most " + maxTransfers + " at once per user";
            }
            if (used[1] + bytes > maxBytes) {
                return "spool quota exceeded: " + used[1] + " bytes reserved, " + bytes + " more asked, at most "
                        + maxBytes + " per user";
            }
            if (totalBytes + bytes > maxTotalBytes) {
                return "the server's spool is full: try again later";
            }
            used = usage.computeIfAbsent(user, u -> new long[2]);
            used[0]++;
            used[1] += bytes;
            totalBytes += bytes;
            return null;
        } finally {
            lock.unlock();
        }
    }

    void release(String user, long bytes) {
        lock.lock();
        try {
            long[] used = usage.get(user);
            if (used == null) {
                return;
            }
            used[0]--;
            used[1] -= bytes;
            totalBytes -= bytes;
            if (used[0] <= 0) {
                usage.remove(user);
            }
        } finally {
            lock.unlock();
        }
    }
}
