package dev.switchboard.auth;

import dev.switchboard.auth.internal.RoleRules;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The authentication filter's and the permission checks' settings ({@code switchboard.auth.*}).
 *
 * @param required       whether handshakes, SSE streams and protected paths need a principal
 * @param realm          the realm named in challenges
 * @param basic          whether {@code Authorization: Basic} is accepted
 * @param ticketTtl      how long a connect ticket is redeemable
 * @param sessionMaxAge  how long a login session lasts
 * @param sgcUrls        whether the sgc URL credential forms are served
 * @param protectedPaths path prefixes that always need a principal
 * @param containerRoles roles to confirm with {@code isUserInRole} for a principal the container authenticated
 * @param subscribe      subscription rules
 * @param publish        publication rules
 * @param rpc            RPC rules
 * @param budgets        what a client may make the login paths spend
 */
public record AuthSettings(
        boolean required,
        String realm,
        boolean basic,
        Duration ticketTtl,
        Duration sessionMaxAge,
        boolean sgcUrls,
        List<String> protectedPaths,
        List<String> containerRoles,
        RoleRules subscribe,
        RoleRules publish,
        RoleRules rpc,
        Budgets budgets) {

    /**
     * The budgets of the login paths ({@code switchboard.auth.basic-cache.*}, {@code switchboard.auth.tickets.*},
     * {@code switchboard.auth.login.*}). Tickets need a login, so no anonymous client can spend them.
     *
     * @param basicCacheTtl        how long a verified Basic credential is remembered; zero turns the cache off
     * @param basicCacheMaxEntries most Basic credentials remembered at once
     * @param ticketsPerUser       most unredeemed tickets one user may hold
     * @param ticketsMax           most unredeemed tickets on this node
     * @param loginMaxBodySize     largest login body, in bytes
     * @param loginReadTimeout     longest time a login body may take to arrive
     */
    public record Budgets(
            Duration basicCacheTtl,
            int basicCacheMaxEntries,
            int ticketsPerUser,
            int ticketsMax,
            int loginMaxBodySize,
            Duration loginReadTimeout) {

        /** Default {@link #basicCacheTtl}. */
        public static final Duration DEFAULT_BASIC_CACHE_TTL = Duration.ofSeconds(60);
        /** Default {@link #basicCacheMaxEntries}. */
        public static final int DEFAULT_BASIC_CACHE_MAX_ENTRIES = 10_000;
        /** Default {@link #ticketsPerUser}: a page opening several connections at once, with room to retry. */
        public static final int DEFAULT_TICKETS_PER_USER = 16;
        /** Default {@link #ticketsMax}. */
        public static final int DEFAULT_TICKETS_MAX = 100_000;
        /** Default {@link #loginMaxBodySize}: a user name and password with room to spare. */
        public static final int DEFAULT_LOGIN_MAX_BODY_SIZE = 8192;
        /** Default {@link #loginReadTimeout}. */
        public static final Duration DEFAULT_LOGIN_READ_TIMEOUT = Duration.ofSeconds(10);

        /** Validates. */
        public Budgets {
            if (basicCacheTtl.isNegative()) {
                throw new IllegalArgumentException(ConfigKeys.AUTH_BASIC_CACHE_TTL + " must be 0 or more seconds");
            }
            atLeastOne(ConfigKeys.AUTH_BASIC_CACHE_MAX_ENTRIES, basicCacheMaxEntries);
            atLeastOne(ConfigKeys.AUTH_TICKETS_PER_USER, ticketsPerUser);
            atLeastOne(ConfigKeys.AUTH_TICKETS_MAX, ticketsMax);
            atLeastOne(ConfigKeys.AUTH_LOGIN_MAX_BODY_SIZE, loginMaxBodySize);
            if (loginReadTimeout.isNegative() || loginReadTimeout.isZero()) {
                throw new IllegalArgumentException(
                        ConfigKeys.AUTH_LOGIN_READ_TIMEOUT + " must be a positive number of milliseconds");
            }
        }

        /**
         * Reads the budgets.
         *
         * @param reader the configuration
         * @return the budgets
         */
        public static Budgets read(ConfigReader reader) {
            return new Budgets(
                    Duration.ofSeconds(
                            reader.getLong(ConfigKeys.AUTH_BASIC_CACHE_TTL, DEFAULT_BASIC_CACHE_TTL.toSeconds())),
                    reader.getInt(ConfigKeys.AUTH_BASIC_CACHE_MAX_ENTRIES, DEFAULT_BASIC_CACHE_MAX_ENTRIES),
                    reader.getInt(ConfigKeys.AUTH_TICKETS_PER_USER, DEFAULT_TICKETS_PER_USER),
                    reader.getInt(ConfigKeys.AUTH_TICKETS_MAX, DEFAULT_TICKETS_MAX),
                    reader.getInt(ConfigKeys.AUTH_LOGIN_MAX_BODY_SIZE, DEFAULT_LOGIN_MAX_BODY_SIZE),
                    Duration.ofMillis(
                            reader.getLong(ConfigKeys.AUTH_LOGIN_READ_TIMEOUT, DEFAULT_LOGIN_READ_TIMEOUT.toMillis())));
        }

        private static void atLeastOne(String key, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(key + " must be at least 1: " + value);
            }
        }
    }

    /** Validates and copies. */
    public AuthSettings {
        Objects.requireNonNull(realm, "realm");
        if (realm.indexOf('"') >= 0 || realm.indexOf('\\') >= 0) {
            throw new IllegalArgumentException(ConfigKeys.AUTH_REALM + " must not contain quotes or backslashes");
        }
        positive(ConfigKeys.AUTH_TICKET_TTL, ticketTtl);
        positive(ConfigKeys.AUTH_SESSION_MAX_AGE, sessionMaxAge);
        protectedPaths = List.copyOf(protectedPaths);
        for (String path : protectedPaths) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException(
                        ConfigKeys.AUTH_PROTECTED_PATHS + ": '" + path + "' must start with /");
            }
        }
        containerRoles = List.copyOf(containerRoles);
        Objects.requireNonNull(subscribe, "subscribe");
        Objects.requireNonNull(publish, "publish");
        Objects.requireNonNull(rpc, "rpc");
        Objects.requireNonNull(budgets, "budgets");
    }

    /**
     * Reads the settings.
     *
     * @param reader the configuration
     * @return the settings
     * @throws IllegalArgumentException naming the key of an invalid value
     */
    public static AuthSettings read(ConfigReader reader) {
        return new AuthSettings(
                reader.getBoolean(ConfigKeys.AUTH_REQUIRED, false),
                reader.getString(ConfigKeys.AUTH_REALM, "switchboard"),
                reader.getBoolean(ConfigKeys.AUTH_BASIC, true),
                Duration.ofSeconds(reader.getLong(ConfigKeys.AUTH_TICKET_TTL, 30)),
                Duration.ofSeconds(reader.getLong(ConfigKeys.AUTH_SESSION_MAX_AGE, 28_800)),
                reader.getBoolean(ConfigKeys.AUTH_SGC_URLS, false),
                reader.getList(ConfigKeys.AUTH_PROTECTED_PATHS, List.of()),
                reader.getList(ConfigKeys.AUTH_CONTAINER_ROLES, List.of()),
                RoleRules.parse(ConfigKeys.AUTH_SUBSCRIBE, reader.getString(ConfigKeys.AUTH_SUBSCRIBE, "")),
                RoleRules.parse(ConfigKeys.AUTH_PUBLISH, reader.getString(ConfigKeys.AUTH_PUBLISH, "")),
                RoleRules.parse(ConfigKeys.AUTH_RPC, reader.getString(ConfigKeys.AUTH_RPC, "")),
                Budgets.read(reader));
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive number of seconds");
        }
    }

    /**
     * Tells whether a path (after the context path) is one of the protected prefixes.
     *
     * @param path the request path
     * @return true when it equals a prefix or continues it
     */
    public boolean isProtected(String path) {
        return underAny(path, protectedPaths);
    }

    /**
     * Tells whether a path equals one of some prefixes or continues it after a {@code /}; a trailing {@code /} of a
     * prefix does not matter, and {@code /} covers every path.
     *
     * @param path     the request path
     * @param prefixes the prefixes
     * @return true when one covers the path
     */
    static boolean underAny(String path, List<String> prefixes) {
        for (String prefix : prefixes) {
            String bare = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            if (path.equals(bare) || path.startsWith(bare + "/")) {
                return true;
            }
        }
        return false;
    }
}
