package dev.switchboard.firewall.internal.stage;

import dev.switchboard.firewall.Ban;
import dev.switchboard.firewall.FirewallSettings;
import dev.switchboard.firewall.internal.BanEscalation;
import dev.switchboard.firewall.internal.BanList;
import dev.switchboard.firewall.internal.BoundedMap;
import dev.switchboard.firewall.internal.Client;
import dev.switchboard.firewall.internal.FirewallCounters;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Brute-force protection: a client that reaches {@code max-attempts} failed authentications within the sliding
 * window is banned (escalating when configured) and its failures are forgotten. It judges no request itself: the
 * ban it issues is what the ban stage refuses.
 */
public final class BruteForceStage implements FirewallStage {

    /** Counter name: bans issued by brute-force protection. */
    public static final String COUNTER_BANS = "brute-force-bans";

    private final FirewallSettings settings;
    private final Clock clock;
    private final BanList bans;
    private final BanEscalation escalation;
    private final FirewallCounters counters;
    private final BoundedMap<Attempts> failures;

    private static final class Attempts {
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<Long> times = new ArrayDeque<>();
    }

    /**
     * Creates the stage.
     *
     * @param settings   the settings
     * @param clock      the time source of the window
     * @param bans       where a client is banned
     * @param escalation the length of each ban
     * @param counters   where its bans are counted
     * @param idleMillis how long an untouched entry is kept at least
     */
    public BruteForceStage(
            FirewallSettings settings,
            Clock clock,
            BanList bans,
            BanEscalation escalation,
            FirewallCounters counters,
            long idleMillis) {
        this.settings = settings;
        this.clock = clock;
        this.bans = bans;
        this.escalation = escalation;
        this.counters = counters;
        this.failures = new BoundedMap<>(
                settings.maxTracked(),
                Math.max(idleMillis, settings.bruteForceWindow().toMillis()));
    }

    @Override
    public Decision<Ban> failedAuthentication(Client client) {
        if (!settings.bruteForce()) {
            return Decision.pass();
        }
        String key = client.key();
        long now = clock.millis();
        long windowStart = now - settings.bruteForceWindow().toMillis();
        Attempts attempts = failures.get(key, now, k -> new Attempts());
        attempts.lock.lock();
        try {
            while (!attempts.times.isEmpty() && attempts.times.peekFirst() <= windowStart) {
                attempts.times.pollFirst();
            }
            attempts.times.addLast(now);
            if (attempts.times.size() < settings.bruteForceMax()) {
                return Decision.pass();
            }
            attempts.times.clear();
        } finally {
            attempts.lock.unlock();
        }
        Duration duration = escalation.next(key, now);
        Ban ban = bans.ban(
                key,
                duration,
                "brute force: " + settings.bruteForceMax() + " failed authentications within "
                        + settings.bruteForceWindow().toSeconds() + " s");
        counters.increment(COUNTER_BANS);
        return Decision.refuse(ban);
    }

    /**
     * The number of clients whose failures are tracked.
     *
     * @return the size
     */
    public int tracked() {
        return failures.size();
    }
}
