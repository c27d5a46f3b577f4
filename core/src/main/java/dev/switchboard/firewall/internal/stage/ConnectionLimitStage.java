package dev.switchboard.firewall.internal.stage;

import dev.switchboard.firewall.FirewallSettings;
import dev.switchboard.firewall.Refusal;
import dev.switchboard.firewall.internal.BoundedMap;
import dev.switchboard.firewall.internal.Client;
import dev.switchboard.firewall.internal.RateBuckets;
import dev.switchboard.spi.FirewallRequest;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limits on connection requests (WebSocket upgrades and SSE streams; other requests pass): the connection rate,
 * new connections per client per fixed window (429 with {@code Retry-After} until the window refills), then the
 * concurrent cap, open connections plus handshakes still in the filter chain per client (429, {@code Retry-After:
 * 5}). It keeps the open and handshaking counts the firewall reports to it.
 */
public final class ConnectionLimitStage implements FirewallStage {

    /** Rule name: the per-client connection rate. */
    public static final String RULE_CONNECTION_RATE = "connection-rate";
    /** Rule name: the per-client concurrent-connection cap. */
    public static final String RULE_CONCURRENT = "concurrent";
    /** Seconds a client refused by the concurrent cap is told to wait. */
    public static final long CONCURRENT_RETRY_AFTER_SECONDS = 5;

    private static final Refusal TOO_MANY_OPEN =
            new Refusal(RULE_CONCURRENT, 429, CONCURRENT_RETRY_AFTER_SECONDS, "Too many open connections");

    private final FirewallSettings settings;
    private final Clock clock;
    private final RateBuckets buckets;
    private final BoundedMap<Bucket> rates;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    // Connection requests admitted and still in the filter chain (authentication, the upgrade): they count towards
    // the concurrent cap until the hub reports the connection open, so a burst of slow handshakes cannot overshoot.
    private final ConcurrentHashMap<String, AtomicInteger> handshaking = new ConcurrentHashMap<>();

    /**
     * Creates the stage.
     *
     * @param settings   the settings
     * @param clock      the time source of the rate windows
     * @param buckets    makes the rate buckets
     * @param idleMillis how long an untouched entry is kept at least
     */
    public ConnectionLimitStage(FirewallSettings settings, Clock clock, RateBuckets buckets, long idleMillis) {
        this.settings = settings;
        this.clock = clock;
        this.buckets = buckets;
        this.rates = new BoundedMap<>(
                settings.maxTracked(),
                Math.max(idleMillis, settings.connectionRateWindow().toMillis()));
    }

    @Override
    public Decision<Refusal> request(FirewallRequest request, Client client) {
        if (!request.connectionRequest()) {
            return Decision.pass();
        }
        String key = client.key();
        if (settings.connectionRate()) {
            Bucket bucket = rates.get(
                    key,
                    clock.millis(),
                    k -> buckets.bucket(settings.connectionRateMax(), settings.connectionRateWindow()));
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
                return Decision.refuse(new Refusal(RULE_CONNECTION_RATE, 429, seconds, "Too many connections"));
            }
        }
        if (settings.concurrent()) {
            // Open connections plus admitted handshakes still in the chain; only handshakes admitted at the same
            // instant can overshoot.
            if (count(open, key) + count(handshaking, key) >= settings.concurrentMax()) {
                return Decision.refuse(TOO_MANY_OPEN);
            }
        }
        return Decision.pass();
    }

    /**
     * Counts an admitted connection request that enters the rest of the filter chain.
     *
     * @param key the client key
     */
    public void handshakeStarted(String key) {
        if (settings.concurrent()) {
            handshaking.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /**
     * Stops counting a connection request that left the filter chain, opened or refused.
     *
     * @param key the client key
     */
    public void handshakeEnded(String key) {
        if (settings.concurrent()) {
            decrement(handshaking, key);
        }
    }

    /**
     * Counts an open connection.
     *
     * @param key the client key
     */
    public void opened(String key) {
        open.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * Stops counting a connection that closed.
     *
     * @param key the client key
     */
    public void closed(String key) {
        decrement(open, key);
    }

    /**
     * The open connections of a client.
     *
     * @param key the client key
     * @return the count
     */
    public int openConnections(String key) {
        return count(open, key);
    }

    /**
     * The number of clients whose connection rate is tracked.
     *
     * @return the size
     */
    public int tracked() {
        return rates.size();
    }

    private static int count(ConcurrentHashMap<String, AtomicInteger> counts, String key) {
        AtomicInteger count = counts.get(key);
        return count == null ? 0 : count.get();
    }

    private static void decrement(ConcurrentHashMap<String, AtomicInteger> counts, String key) {
        counts.computeIfPresent(key, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
