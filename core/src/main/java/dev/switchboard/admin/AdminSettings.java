package dev.switchboard.admin;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.firewall.AddressSet;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the admin REST API and the node's MBeans.
 *
 * @param enabled   the API and the MBeans are installed ({@value ConfigKeys#ADMIN_ENABLED}, default true)
 * @param path      the API's path relative to the context, without a trailing slash (default {@code /admin/api})
 * @param role      the role every caller must have (default {@code admin}); empty refuses every request
 * @param allow     the direct peers allowed; empty for any address (the default {@code *})
 * @param realm     the realm the challenge names: the authentication realm
 * @param drainWait the wait of a drain started without its own ({@value ConfigKeys#DRAIN_WAIT}, default 30 s)
 */
public record AdminSettings(
        boolean enabled, String path, String role, AddressSet allow, String realm, Duration drainWait) {

    /** The largest request body the API reads: 64 KiB. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** Validates. */
    public AdminSettings {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(allow, "allow");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(drainWait, "drainWait");
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("*")) {
            throw new IllegalArgumentException("Configuration key " + ConfigKeys.ADMIN_PATH + " is '" + path
                    + "'; expected a path such as /admin/api, without a trailing / or *");
        }
    }

    /**
     * Reads the settings.
     *
     * @param config the configuration
     * @return the settings
     */
    public static AdminSettings read(ConfigReader config) {
        List<String> allow = config.getList(ConfigKeys.ADMIN_ALLOW, List.of("*"));
        AddressSet addresses;
        if (allow.equals(List.of("*"))) {
            addresses = AddressSet.EMPTY;
        } else {
            try {
                addresses = AddressSet.parse(allow);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Configuration key " + ConfigKeys.ADMIN_ALLOW + ": " + e.getMessage(), e);
            }
        }
        long wait = config.getLong(ConfigKeys.DRAIN_WAIT, 30);
        if (wait < 0) {
            throw new IllegalArgumentException(
                    "Configuration key " + ConfigKeys.DRAIN_WAIT + " is " + wait + "; expected seconds, 0 or more");
        }
        return new AdminSettings(
                config.getBoolean(ConfigKeys.ADMIN_ENABLED, true),
                config.getString(ConfigKeys.ADMIN_PATH, "/admin/api").strip(),
                config.getString(ConfigKeys.ADMIN_ROLE, "admin").strip(),
                addresses,
                config.getString(ConfigKeys.AUTH_REALM, "switchboard"),
                Duration.ofSeconds(wait));
    }
}
