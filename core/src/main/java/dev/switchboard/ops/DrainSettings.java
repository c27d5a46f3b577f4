package dev.switchboard.ops;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;
import java.util.Objects;

/**
 * The drain's settings, read once at startup from {@link ConfigKeys#DRAIN_WAIT},
 * {@link ConfigKeys#DRAIN_RETRY_AFTER} and {@link ConfigKeys#DRAIN_UNDEPLOY_WAIT}.
 *
 * @param drainWait    how long clients get to leave before the rest are closed, for triggers without a wait of
 *                     their own
 * @param retryAfter   the {@code Retry-After} of refused connections, and the delay the drain notice suggests
 * @param undeployWait how long undeploy drains before it closes what is left
 */
public record DrainSettings(Duration drainWait, Duration retryAfter, Duration undeployWait) {

    /** Default {@link #drainWait}. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    /** Default {@link #retryAfter}. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
    /** Default {@link #undeployWait}: containers hold the undeploy (and often the whole server) meanwhile. */
    public static final Duration DEFAULT_UNDEPLOY_WAIT = Duration.ofSeconds(5);

    /** The defaults. */
    public static final DrainSettings DEFAULTS =
            new DrainSettings(DEFAULT_WAIT, DEFAULT_RETRY_AFTER, DEFAULT_UNDEPLOY_WAIT);

    /** Validates. */
    public DrainSettings {
        Objects.requireNonNull(drainWait, "drainWait");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(undeployWait, "undeployWait");
        if (drainWait.isNegative()) {
            throw new IllegalArgumentException(
                    ConfigKeys.DRAIN_WAIT + " must not be negative: " + drainWait.toSeconds());
        }
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException(
                    ConfigKeys.DRAIN_RETRY_AFTER + " must not be negative: " + retryAfter.toSeconds());
        }
        if (undeployWait.isNegative()) {
            throw new IllegalArgumentException(
                    ConfigKeys.DRAIN_UNDEPLOY_WAIT + " must not be negative: " + undeployWait.toSeconds());
        }
    }

    /**
     * The settings as the documented keys give them.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static DrainSettings read(ConfigReader reader) {
        return new DrainSettings(
                Duration.ofSeconds(reader.getLong(ConfigKeys.DRAIN_WAIT, DEFAULT_WAIT.toSeconds())),
                Duration.ofSeconds(reader.getLong(ConfigKeys.DRAIN_RETRY_AFTER, DEFAULT_RETRY_AFTER.toSeconds())),
                Duration.ofSeconds(reader.getLong(ConfigKeys.DRAIN_UNDEPLOY_WAIT, DEFAULT_UNDEPLOY_WAIT.toSeconds())));
    }
}
