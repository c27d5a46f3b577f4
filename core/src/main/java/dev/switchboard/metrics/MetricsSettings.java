package dev.switchboard.metrics;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The metrics settings, read once at startup.
 *
 * @param enabled    {@link ConfigKeys#METRICS_ENABLED}
 * @param path       {@link ConfigKeys#METRICS_PATH}, starting with {@code /}
 * @param access     {@link ConfigKeys#METRICS_ACCESS}
 * @param role       {@link ConfigKeys#ADMIN_ROLE}, required in {@link Access#ROLE} mode
 * @param readingTtl {@link ConfigKeys#METRICS_READING_TTL}
 */
public record MetricsSettings(boolean enabled, String path, Access access, String role, Duration readingTtl) {

    /** Default {@link #path}. */
    public static final String DEFAULT_PATH = "/metrics";
    /** Default {@link #role}. */
    public static final String DEFAULT_ROLE = "admin";
    /** Default {@link #readingTtl}. */
    public static final Duration DEFAULT_READING_TTL = Duration.ofSeconds(1);

    /** Who may read the Prometheus endpoint. */
    public enum Access {
        /** A direct peer on a loopback address, with no forwarding header in the request. */
        LOOPBACK,
        /** An authenticated caller with the admin role. */
        ROLE
    }

    /** Validates. */
    public MetricsSettings {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(readingTtl, "readingTtl");
        if (!path.startsWith("/") || path.length() < 2 || path.contains("*")) {
            throw new IllegalArgumentException(
                    ConfigKeys.METRICS_PATH + " must be a path like /metrics, without wildcards: " + path);
        }
        if (access == Access.ROLE && role.isBlank()) {
            throw new IllegalArgumentException(ConfigKeys.METRICS_ACCESS + " is role, but " + ConfigKeys.ADMIN_ROLE
                    + " is empty: the endpoint would be open to every user");
        }
        if (readingTtl.isNegative()) {
            throw new IllegalArgumentException(ConfigKeys.METRICS_READING_TTL + " must not be negative");
        }
    }

    /**
     * Reads the settings.
     *
     * @param reader the configuration
     * @return the settings
     */
    public static MetricsSettings read(ConfigReader reader) {
        return new MetricsSettings(
                reader.getBoolean(ConfigKeys.METRICS_ENABLED, true),
                reader.getString(ConfigKeys.METRICS_PATH, DEFAULT_PATH).strip(),
                Access.valueOf(reader.getChoice(ConfigKeys.METRICS_ACCESS, "loopback", "loopback", "role")
                        .toUpperCase(Locale.ROOT)),
                reader.getString(ConfigKeys.ADMIN_ROLE, DEFAULT_ROLE).strip(),
                Duration.ofMillis(reader.getLong(ConfigKeys.METRICS_READING_TTL, DEFAULT_READING_TTL.toMillis())));
    }
}
