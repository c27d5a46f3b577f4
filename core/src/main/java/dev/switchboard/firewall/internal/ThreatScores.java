package dev.switchboard.firewall.internal;

import dev.switchboard.firewall.FirewallSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threat score of each client, 0 to 100: a refusal adds {@code refusal-points}, a detection (denied or logged)
 * {@code detection-points}; the score decays by {@code decay-per-hour}, and on reaching {@code threshold} the client
 * is banned (escalating when configured) and its score starts again at zero. Off, it keeps nothing.
 */
public final class ThreatScores {

    /** Counter name: bans issued by the threat score. */
    public static final String COUNTER_BANS = "threat-score-bans";

    private static final System.Logger LOG = System.getLogger(ThreatScores.class.getName());

    private final FirewallSettings.ThreatScore settings;
    private final boolean escalate;
    private final Clock clock;
    private final ClientKeys keys;
    private final BanList bans;
    private final BanEscalation escalation;
    private final FirewallCounters counters;
    private final BoundedMap<Score> scores;

    private static final class Score {
        final ReentrantLock lock = new ReentrantLock();
        double points;
        long updated;
    }

    /**
     * Creates the scores.
     *
     * @param settings   the firewall settings
     * @param clock      the time source of decay
     * @param keys       the client keys
     * @param bans       where a client reaching the threshold is banned
     * @param escalation the ban lengths when escalation is on
     * @param counters   where threshold bans are counted
     * @param idleMillis how long an untouched entry is kept at least
     */
    public ThreatScores(
            FirewallSettings settings,
            Clock clock,
            ClientKeys keys,
            BanList bans,
            BanEscalation escalation,
            FirewallCounters counters,
            long idleMillis) {
        this.settings = settings.threatScore();
        this.escalate = settings.escalation();
        this.clock = clock;
        this.keys = keys;
        this.bans = bans;
        this.escalation = escalation;
        this.counters = counters;
        // A score is forgotten once it has fully decayed: then it would be zero anyway.
        long decayMillis = this.settings.decayPerHour() <= 0
                ? Long.MAX_VALUE / 4
                : (long) (100 / this.settings.decayPerHour() * 3_600_000L);
        this.scores = new BoundedMap<>(settings.maxTracked(), Math.max(idleMillis, decayMillis));
    }

    /**
     * The score of an address now, after decay.
     *
     * @param address an IP literal or a client key
     * @return the score, 0 to 100
     */
    public double score(String address) {
        if (!settings.enabled()) {
            return 0;
        }
        long now = clock.millis();
        Score score = scores.get(keys.keyOrText(address), now, key -> new Score());
        score.lock.lock();
        try {
            decay(score, now);
            return score.points;
        } finally {
            score.lock.unlock();
        }
    }

    /**
     * Adds the points of a refusal.
     *
     * @param key the client key
     */
    public void refused(String key) {
        add(key, settings.refusalPoints());
    }

    /**
     * Adds the points of a detection.
     *
     * @param key the client key
     */
    public void detected(String key) {
        add(key, settings.detectionPoints());
    }

    /**
     * The number of clients with a score.
     *
     * @return the size
     */
    public int tracked() {
        return scores.size();
    }

    private void add(String key, int points) {
        if (!settings.enabled() || points <= 0) {
            return;
        }
        long now = clock.millis();
        Score score = scores.get(key, now, k -> new Score());
        double before;
        double after;
        score.lock.lock();
        try {
            decay(score, now);
            before = score.points;
            score.points = Math.min(100, score.points + points);
            after = score.points;
            if (after >= settings.threshold()) {
                score.points = 0;
            }
        } finally {
            score.lock.unlock();
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "Threat score of " + key + ": " + before + " -> " + after);
        if (after >= settings.threshold() && !bans.isBanned(key)) {
            Duration duration = escalate ? escalation.next(key, now) : settings.banDuration();
            bans.ban(
                    key,
                    duration,
                    "threat score reached " + Math.round(after) + " (threshold " + settings.threshold() + ")");
            counters.increment(COUNTER_BANS);
        }
    }

    private void decay(Score score, long now) {
        if (score.updated != 0 && now > score.updated) {
            score.points = Math.max(0, score.points - settings.decayPerHour() * (now - score.updated) / 3_600_000.0);
        }
        score.updated = now;
    }
}
