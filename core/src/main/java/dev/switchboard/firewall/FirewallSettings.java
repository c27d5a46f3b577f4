package dev.switchboard.firewall;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The firewall's settings, read once at start. Every key is documented on {@link ConfigKeys} and in
 * {@code docs/firewall.md}; the defaults are sgcWebSockets' (every module off, lists empty) except where noted there.
 *
 * @param enabled             master switch
 * @param allow               always admitted, every other check skipped
 * @param deny                refused with 403
 * @param trustedProxies      peers whose forwarding header ({@code clientAddressHeader}) is believed
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
 * @param banStore            {@code jdbc}, {@code file} or {@code memory}
 * @param dataSource          JNDI name of the DataSource for {@code jdbc}
 * @param maxTracked          most addresses each per-address table holds
 * @param adminEnabled        the admin servlet is installed
 * @param adminAllow          direct peers allowed to use the admin servlet (without forwarding headers); empty when
 *                            configured as {@code *}: no address guard, the role alone
 * @param banFile             the file of the {@code file} ban store, when one is configured
 * @param detectors           the injection detectors, in the order they run
 * @param threatScore         the threat score
 * @param geoIpFile           the GeoIP range file; empty: GeoIP off
 * @param geoIpAllow          countries admitted (empty: any)
 * @param geoIpDeny           countries refused
 * @param clientAddressHeader the one forwarding header read from a trusted proxy: {@code X-Forwarded-For} or
 *                            {@code Forwarded}
 * @param ipv6Prefix          prefix length (bits) by which IPv6 clients are counted and banned; 128 = per address
 * @param banFileWriteInterval shortest time between two rewrites of the ban file
 * @param inspectMaxChars     characters of decoded, normalised text the detectors inspect
 * @param adminRole           the role the admin API requires; empty: the address guard alone
 * @param adminRealm          the realm the admin API's challenge names: the authentication realm
 *                            ({@code switchboard.auth.realm})
 */
public record FirewallSettings(
        boolean enabled,
        AddressSet allow,
        AddressSet deny,
        AddressSet trustedProxies,
        boolean bruteForce,
        int bruteForceMax,
        Duration bruteForceWindow,
        Duration banDuration,
        boolean escalation,
        List<Duration> escalationLevels,
        Duration escalationReset,
        boolean connectionRate,
        int connectionRateMax,
        Duration connectionRateWindow,
        boolean concurrent,
        int concurrentMax,
        boolean flood,
        int floodMax,
        Action floodAction,
        boolean payload,
        long payloadMax,
        Action payloadAction,
        String banStore,
        String dataSource,
        int maxTracked,
        boolean adminEnabled,
        AddressSet adminAllow,
        Optional<Path> banFile,
        List<DetectorSettings> detectors,
        ThreatScore threatScore,
        Optional<Path> geoIpFile,
        Set<String> geoIpAllow,
        Set<String> geoIpDeny,
        String clientAddressHeader,
        int ipv6Prefix,
        Duration banFileWriteInterval,
        int inspectMaxChars,
        String adminRole,
        String adminRealm) {

    /**
     * One injection detector's settings.
     *
     * @param rule     the detector's rule name ({@code sql-injection}, {@code xss}, {@code path-traversal},
     *                 {@code command-injection})
     * @param enabled  the detector runs
     * @param paths    request paths it applies to: {@code /chat/*} matches by prefix, anything else exactly
     * @param action   what a detection does
     * @param patterns extra expressions, compiled case-insensitive with RE2/J so they run in linear time
     */
    public record DetectorSettings(
            String rule, boolean enabled, List<String> paths, Action action, List<Pattern> patterns) {

        /**
         * Whether the detector applies to a request path.
         *
         * @param path the request path (no query)
         * @return true when enabled and a pattern matches
         */
        public boolean appliesTo(String path) {
            if (!enabled || action == Action.ALLOW) {
                return false;
            }
            String p = path == null || path.isEmpty() ? "/" : path;
            for (String pattern : paths) {
                if (pattern.endsWith("*")
                        ? p.startsWith(pattern.substring(0, pattern.length() - 1))
                        : p.equals(pattern)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Threat score settings.
     *
     * @param enabled         the score is kept
     * @param threshold       score (0-100) that bans the address
     * @param decayPerHour    points lost per hour
     * @param detectionPoints points an injection detection adds
     * @param refusalPoints   points any other refusal adds
     * @param banDuration     length of the ban; zero = until removed (escalation levels apply when enabled)
     */
    public record ThreatScore(
            boolean enabled,
            int threshold,
            double decayPerHour,
            int detectionPoints,
            int refusalPoints,
            Duration banDuration) {}

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
        for (String level : config.getList(
                ConfigKeys.FIREWALL_BAN_ESCALATION_LEVELS, List.of("300", "1800", "7200", "86400", "0"))) {
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
                config.getBoolean(ConfigKeys.FIREWALL_BRUTE_FORCE_ENABLED, true),
                positive(config, ConfigKeys.FIREWALL_BRUTE_FORCE_MAX_ATTEMPTS, 10),
                Duration.ofSeconds(positive(config, ConfigKeys.FIREWALL_BRUTE_FORCE_WINDOW, 300)),
                Duration.ofSeconds(config.getLong(ConfigKeys.FIREWALL_BAN_DURATION, 300)),
                config.getBoolean(ConfigKeys.FIREWALL_BAN_ESCALATION_ENABLED, true),
                List.copyOf(levels),
                Duration.ofSeconds(config.getLong(ConfigKeys.FIREWALL_BAN_ESCALATION_RESET, 86400)),
                config.getBoolean(ConfigKeys.FIREWALL_CONNECTION_RATE_ENABLED, false),
                positive(config, ConfigKeys.FIREWALL_CONNECTION_RATE_MAX, 10),
                Duration.ofSeconds(positive(config, ConfigKeys.FIREWALL_CONNECTION_RATE_WINDOW, 60)),
                config.getBoolean(ConfigKeys.FIREWALL_CONCURRENT_ENABLED, false),
                positive(config, ConfigKeys.FIREWALL_CONCURRENT_MAX, 10),
                config.getBoolean(ConfigKeys.FIREWALL_FLOOD_ENABLED, false),
                floodMax(config),
                action(config, ConfigKeys.FIREWALL_FLOOD_ACTION),
                config.getBoolean(ConfigKeys.FIREWALL_PAYLOAD_ENABLED, false),
                config.getLong(ConfigKeys.FIREWALL_PAYLOAD_MAX_BYTES, 1_048_576),
                action(config, ConfigKeys.FIREWALL_PAYLOAD_ACTION),
                config.getChoice(ConfigKeys.FIREWALL_BAN_STORE, "jdbc", "jdbc", "file", "memory"),
                config.getString(ConfigKeys.DATASOURCE, "java:comp/env/jdbc/switchboard"),
                positive(config, ConfigKeys.FIREWALL_MAX_TRACKED_ADDRESSES, 100_000),
                config.getBoolean(ConfigKeys.FIREWALL_ADMIN_ENABLED, false),
                adminAllow(config),
                config.get(ConfigKeys.FIREWALL_BAN_FILE)
                        .filter(v -> !v.isBlank())
                        .map(Path::of)
                        .or(() -> config.get(ConfigKeys.DATA_DIR)
                                .filter(v -> !v.isBlank())
                                .map(dir -> Path.of(dir, "firewall-bans.txt"))),
                List.of(
                        detector(
                                config,
                                "sql-injection",
                                ConfigKeys.FIREWALL_SQL_INJECTION_ENABLED,
                                ConfigKeys.FIREWALL_SQL_INJECTION_PATHS,
                                ConfigKeys.FIREWALL_SQL_INJECTION_ACTION,
                                ConfigKeys.FIREWALL_SQL_INJECTION_PATTERNS),
                        detector(
                                config,
                                "xss",
                                ConfigKeys.FIREWALL_XSS_ENABLED,
                                ConfigKeys.FIREWALL_XSS_PATHS,
                                ConfigKeys.FIREWALL_XSS_ACTION,
                                ConfigKeys.FIREWALL_XSS_PATTERNS),
                        detector(
                                config,
                                "path-traversal",
                                ConfigKeys.FIREWALL_PATH_TRAVERSAL_ENABLED,
                                ConfigKeys.FIREWALL_PATH_TRAVERSAL_PATHS,
                                ConfigKeys.FIREWALL_PATH_TRAVERSAL_ACTION,
                                ConfigKeys.FIREWALL_PATH_TRAVERSAL_PATTERNS),
                        detector(
                                config,
                                "command-injection",
                                ConfigKeys.FIREWALL_COMMAND_INJECTION_ENABLED,
                                ConfigKeys.FIREWALL_COMMAND_INJECTION_PATHS,
                                ConfigKeys.FIREWALL_COMMAND_INJECTION_ACTION,
                                ConfigKeys.FIREWALL_COMMAND_INJECTION_PATTERNS)),
                new ThreatScore(
                        config.getBoolean(ConfigKeys.FIREWALL_THREAT_SCORE_ENABLED, false),
                        positive(config, ConfigKeys.FIREWALL_THREAT_SCORE_THRESHOLD, 80),
                        config.getLong(ConfigKeys.FIREWALL_THREAT_SCORE_DECAY, 5),
                        config.getInt(ConfigKeys.FIREWALL_THREAT_SCORE_DETECTION_POINTS, 25),
                        config.getInt(ConfigKeys.FIREWALL_THREAT_SCORE_REFUSAL_POINTS, 10),
                        Duration.ofSeconds(config.getLong(ConfigKeys.FIREWALL_THREAT_SCORE_BAN_DURATION, 3600))),
                config.get(ConfigKeys.FIREWALL_GEOIP_FILE)
                        .filter(v -> !v.isBlank())
                        .map(Path::of),
                countries(config, ConfigKeys.FIREWALL_GEOIP_ALLOW),
                countries(config, ConfigKeys.FIREWALL_GEOIP_DENY),
                config.getChoice(
                        ConfigKeys.FIREWALL_CLIENT_ADDRESS_HEADER, "x-forwarded-for", "x-forwarded-for", "forwarded"),
                ipv6Prefix(config),
                Duration.ofMillis(positive(config, ConfigKeys.FIREWALL_BAN_FILE_WRITE_INTERVAL, 1000)),
                positive(config, ConfigKeys.FIREWALL_INSPECT_MAX_CHARS, 8192),
                config.getString(
                                ConfigKeys.FIREWALL_ADMIN_ROLE,
                                // One operator role for both admin APIs unless each is given its own.
                                config.getString(ConfigKeys.ADMIN_ROLE, "admin"))
                        .strip(),
                config.getString(ConfigKeys.AUTH_REALM, "switchboard"));
    }

    private static int ipv6Prefix(ConfigReader config) {
        int value = config.getInt(ConfigKeys.FIREWALL_IPV6_PREFIX, 64);
        if (value < 1 || value > 128) {
            throw new IllegalArgumentException("Configuration key " + ConfigKeys.FIREWALL_IPV6_PREFIX + " is " + value
                    + "; expected a prefix length from 1 to 128 bits");
        }
        return value;
    }

    private static DetectorSettings detector(
            ConfigReader config,
            String rule,
            String enabledKey,
            String pathsKey,
            String actionKey,
            String patternsKey) {
        List<String> paths = config.getList(pathsKey, List.of("/*"));
        for (String path : paths) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException(
                        "Configuration key " + pathsKey + " has '" + path + "'; expected a path starting with /");
            }
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String expression : config.getList(patternsKey, List.of())) {
            try {
                patterns.add(Pattern.compile(expression, Pattern.CASE_INSENSITIVE));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "Configuration key " + patternsKey + " has an invalid regular" + " expression '" + expression
                                + "': " + e.getDescription(),
                        e);
            }
        }
        return new DetectorSettings(
                rule,
                config.getBoolean(enabledKey, false),
                List.copyOf(paths),
                action(config, actionKey),
                List.copyOf(patterns));
    }

    private static Set<String> countries(ConfigReader config, String key) {
        Set<String> codes = new java.util.TreeSet<>();
        for (String code : config.getList(key, List.of())) {
            String upper = code.trim().toUpperCase(java.util.Locale.ROOT);
            if (!upper.matches("[A-Z]{2}")) {
                throw new IllegalArgumentException("Configuration key " + key + " has '" + code
                        + "'; expected ISO 3166-1 alpha-2 country codes such as DE or US");
            }
            codes.add(upper);
        }
        return Set.copyOf(codes);
    }

    /** {@code *} turns the admin API's address guard off (the empty set); anything else is an address list. */
    private static AddressSet adminAllow(ConfigReader config) {
        if (config.getList(ConfigKeys.FIREWALL_ADMIN_ALLOW, List.of()).equals(List.of("*"))) {
            return AddressSet.EMPTY;
        }
        return addresses(config, ConfigKeys.FIREWALL_ADMIN_ALLOW, List.of("127.0.0.0/8", "::1"));
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

    private static int floodMax(ConfigReader config) {
        int value = positive(config, ConfigKeys.FIREWALL_FLOOD_MAX, 100);
        // The rate limiter refills at most one token per nanosecond; more is a typo, not a limit.
        if (value > 1_000_000_000) {
            throw new IllegalArgumentException("Configuration key " + ConfigKeys.FIREWALL_FLOOD_MAX + " is " + value
                    + "; expected at most 1000000000");
        }
        return value;
    }

    private static Action action(ConfigReader config, String key) {
        return Action.valueOf(
                config.getChoice(key, "deny", "deny", "log", "allow").toUpperCase(java.util.Locale.ROOT));
    }
}
