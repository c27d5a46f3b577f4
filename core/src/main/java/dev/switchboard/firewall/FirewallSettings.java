package dev.switchboard.firewall;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The firewall's settings, read once at start. Every key is documented on {@link ConfigKeys} and in
 * {@code docs/firewall.md}; the defaults are sgcWebSockets' (every module off, lists empty) except where noted there.
 *
 * @param enabled             master switch
 * @param allow               always admitted, every other check skipped
 * @param deny                refused with 403
 * @param trustedProxies      peers whose {@code Forwarded}/{@code X-Forwarded-For} headers are believed
 * @param bruteForce          brute-force protection on
 * @param bruteForceMax       failures that trigger a ban
 * @param bruteForceWindow    sliding window of those failures
 * @param banDuration         ban length; zero = permanent
 * @param escalation          escalation of repeated bans on
 * @param escalationLevels    successive ban lengths; zero = permanent
 * @param escalationReset     quiet time after which escalation restarts at the first level
 * @param connectionRate      connection-rate limit on
 * @param connectionRateMax   new connections per address per window
 * @param connectionRateWindow the window
 * @param concurrent          concurrent-connection cap on
 * @param concurrentMax       open connections per address
 * @param flood               message flood limit on
 * @param floodMax            messages per second per address, across its connections
 * @param floodAction         what a flood does
 * @param payload             payload limit on
 * @param payloadMax          largest message in bytes
 * @param payloadAction       what an oversize message does
 * @param banStore            {@code jdbc} or {@code memory}
 * @param dataSource          JNDI name of the DataSource for {@code jdbc}
 * @param maxTracked          most addresses each per-address table holds
 * @param adminEnabled        the admin servlet is installed
 * @param adminAllow          direct peers allowed to use the admin servlet
 */
public record FirewallSettings(
        boolean enabled, AddressSet allow, AddressSet deny, AddressSet trustedProxies,
        boolean bruteForce, int bruteForceMax, Duration bruteForceWindow, Duration banDuration,
        boolean escalation, List<Duration> escalationLevels, Duration escalationReset,
        boolean connectionRate, int connectionRateMax, Duration connectionRateWindow,
        boolean concurrent, int concurrentMax,
        boolean flood, int floodMax, Action floodAction,
        boolean payload, long payloadMax, Action payloadAction,
        String banStore, String dataSource, int maxTracked,
        boolean adminEnabled, AddressSet adminAllow) {

    /** What a message rule does when it fires (sgc's faDeny / faLog / faAllow). */
    public enum Action {
        /** Drop the message and close the connection. */
        DENY,
        /** Log and count the violation, deliver the message. */
        LOG,
        /** Do nothing (the module is effectively off). */
        ALLOW
    }

    /**
     * Reads the settings.
     *
     * @param config the configuration
     * @return the settings
     * @throws IllegalArgumentException naming the key of a bad value
     */
    public static FirewallSettings read(ConfigReader config) {
        List<Duration> levels = new ArrayList<>();
        for (String level : config.getList(ConfigKeys.FIREWALL_BAN_ESCALATION_LEVELS,
                List.of("300", "1800", "7200", "86400", "0"))) {
            try {
                levels.add(Duration.ofSeconds(Long.parseLong(level)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Configuration key " + ConfigKeys.FIREWALL_BAN_ESCALATION_LEVELS
                        + " has '" + level + "'; expected seconds");
            }
        }
        return new FirewallSettings(
                config.getBoolean(ConfigKeys.FIREWALL_ENABLED, true),
                addresses(config, ConfigKeys.FIREWALL_ALLOW, List.of()),
                addresses(config, ConfigKeys.FIREWALL_DENY, List.of()),
                addresses(config, ConfigKeys.FIREWALL_TRUSTED_PROXIES, List.of()),
                config.getBoolean(ConfigKeys.FIREWALL_BRUTE_FORCE_ENABLED, false),
                positive(config, ConfigKeys.FIREWALL_BRUTE_FORCE_MAX_ATTEMPTS, 5),
                Duration.ofSeconds(positive(config, ConfigKeys.FIREWALL_BRUTE_FORCE_WINDOW, 60)),
                Duration.ofSeconds(config.getLong(ConfigKeys.FIREWALL_BAN_DURATION, 300)),
                config.getBoolean(ConfigKeys.FIREWALL_BAN_ESCALATION_ENABLED, false),
                List.copyOf(levels),
                Duration.ofSeconds(config.getLong(ConfigKeys.FIREWALL_BAN_ESCALATION_RESET, 86400)),
                config.getBoolean(ConfigKeys.FIREWALL_CONNECTION_RATE_ENABLED, false),
                positive(config, ConfigKeys.FIREWALL_CONNECTION_RATE_MAX, 10),
                Duration.ofSeconds(positive(config, ConfigKeys.FIREWALL_CONNECTION_RATE_WINDOW, 60)),
                config.getBoolean(ConfigKeys.FIREWALL_CONCURRENT_ENABLED, false),
                positive(config, ConfigKeys.FIREWALL_CONCURRENT_MAX, 10),
                config.getBoolean(ConfigKeys.FIREWALL_FLOOD_ENABLED, false),
                positive(config, ConfigKeys.FIREWALL_FLOOD_MAX, 100),
                action(config, ConfigKeys.FIREWALL_FLOOD_ACTION),
                config.getBoolean(ConfigKeys.FIREWALL_PAYLOAD_ENABLED, false),
                config.getLong(ConfigKeys.FIREWALL_PAYLOAD_MAX_BYTES, 1_048_576),
                action(config, ConfigKeys.FIREWALL_PAYLOAD_ACTION),
                config.getChoice(ConfigKeys.FIREWALL_BAN_STORE, "jdbc", "jdbc", "memory"),
                config.getString(ConfigKeys.DATASOURCE, "java:comp/env/jdbc/switchboard"),
                positive(config, ConfigKeys.FIREWALL_MAX_TRACKED_ADDRESSES, 100_000),
                config.getBoolean(ConfigKeys.FIREWALL_ADMIN_ENABLED, false),
                addresses(config, ConfigKeys.FIREWALL_ADMIN_ALLOW, List.of("127.0.0.0/8", "::1")));
    }

    private static AddressSet addresses(ConfigReader config, String key, List<String> defaults) {
        try {
            return AddressSet.parse(config.getList(key, defaults));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Configuration key " + key + ": " + e.getMessage(), e);
        }
    }

    private static int positive(ConfigReader config, String key, int defaultValue) {
        int value = config.getInt(key, defaultValue);
        if (value < 1) {
            throw new IllegalArgumentException("Configuration key " + key + " is " + value + "; expected 1 or more");
        }
        return value;
    }

    private static Action action(ConfigReader config, String key) {
        return Action.valueOf(config.getChoice(key, "deny", "deny", "log", "allow").toUpperCase(java.util.Locale.ROOT));
    }
}
