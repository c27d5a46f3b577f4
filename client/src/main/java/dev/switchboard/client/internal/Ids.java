package dev.switchboard.client.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids of one client's frames: a random prefix per client and a counter, so ids never repeat within a client
 * (QoS 2 and calls are keyed by id on the server) and two clients' ids do not collide in logs.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public Ids() {
        this.prefix = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }

    /** The next id, such as {@code 3k9x0a1b-p-17}. */
    public String next(String kind) {
        return prefix + "-" + kind + "-" + counter.incrementAndGet();
    }
}
