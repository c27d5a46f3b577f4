package dev.switchboard.firewall.internal;

import dev.switchboard.firewall.FirewallSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Ban lengths that grow with repeat offences: each ban of a client takes the next of {@code escalation.levels}, and
 * a client quiet for {@code escalation.reset} starts again at the first. The steps are stored with the bans, so a
 * restart does not send a repeat offender back to the first level.
 */
public final class BanEscalation {

    private static final System.Logger LOG = System.getLogger(BanEscalation.class.getName());

    private final FirewallSettings settings;
    private final BanList bans;
    private final BoundedMap<Step> steps;

    private static final class Step {
        final ReentrantLock lock = new ReentrantLock();
        int level;
        long lastBan = Long.MIN_VALUE;
    }

    /**
     * Creates the escalation and restores the steps the store kept that are younger than the reset time.
     *
     * @param settings the settings
     * @param keys     the client keys (a stored IPv6 address counts towards its network)
     * @param bans     where steps are stored
     * @param stored   the stored steps
     * @param now      the time now, in milliseconds
     * @param idleMillis how long an untouched entry is kept at least
     */
    public BanEscalation(
            FirewallSettings settings,
            ClientKeys keys,
            BanList bans,
            List<EscalationLevel> stored,
            long now,
            long idleMillis) {
        this.settings = settings;
        this.bans = bans;
        this.steps = new BoundedMap<>(
                settings.maxTracked(),
                Math.max(idleMillis, settings.escalationReset().toMillis()));
        for (EscalationLevel level : stored) {
            if (now - level.lastBan().toEpochMilli()
                    < settings.escalationReset().toMillis()) {
                Step step = steps.get(keys.keyOrText(level.address()), now, key -> new Step());
                step.level = level.level();
                step.lastBan = level.lastBan().toEpochMilli();
            }
        }
    }

    /**
     * Reads the stored steps, or none when the store fails (logged).
     *
     * @param store the store
     * @return the steps
     */
    public static List<EscalationLevel> load(BanStore store) {
        try {
            return store.loadEscalations();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Loading stored escalation levels failed; starting without them", e);
            return List.of();
        }
    }

    /**
     * The length of the next ban of a client, stepping its level: the configured ban duration when escalation is
     * off or has no levels.
     *
     * @param key the client key
     * @param now the time now, in milliseconds
     * @return the length; zero = permanent
     */
    public Duration next(String key, long now) {
        if (!settings.escalation() || settings.escalationLevels().isEmpty()) {
            return settings.banDuration();
        }
        Step step = steps.get(key, now, k -> new Step());
        step.lock.lock();
        try {
            if (step.lastBan != Long.MIN_VALUE
                    && now - step.lastBan >= settings.escalationReset().toMillis()) {
                step.level = 0;
            }
            List<Duration> levels = settings.escalationLevels();
            Duration duration = levels.get(Math.min(step.level, levels.size() - 1));
            step.level++;
            step.lastBan = now;
            bans.saveEscalation(new EscalationLevel(key, step.level, Instant.ofEpochMilli(now)));
            return duration;
        } finally {
            step.lock.unlock();
        }
    }

    /**
     * The number of clients whose step is tracked.
     *
     * @return the size
     */
    public int tracked() {
        return steps.size();
    }
}
