package dev.switchboard.protocol.broker;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.util.List;
import java.util.Set;

/**
 * The broker protocol's settings, from the {@code switchboard.sgc-broker.*} keys of {@link ConfigKeys}. Immutable.
 *
 * @param protocols    the inner protocol tokens a client may open; empty allows every supported token
 * @param maxProtocols most inner protocols one connection has open at once
 */
public record BrokerProtocolSettings(Set<String> protocols, int maxProtocols) {

    /** The documented defaults. */
    public static final BrokerProtocolSettings DEFAULTS = new BrokerProtocolSettings(Set.of(), 4);

    /** Validates and copies. */
    public BrokerProtocolSettings {
        protocols = Set.copyOf(protocols);
        if (maxProtocols < 1 || maxProtocols > 64) {
            throw new IllegalArgumentException(
                    ConfigKeys.SGC_BROKER_MAX_PROTOCOLS + " must be between 1 and 64: " + maxProtocols);
        }
    }

    /**
     * Tells whether a client may open an inner protocol (that some bean supports).
     *
     * @param token the inner token
     * @return true when the list is empty or names it
     */
    public boolean allows(String token) {
        return protocols.isEmpty() || protocols.contains(token);
    }

    /**
     * The settings the documented keys give.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static BrokerProtocolSettings read(ConfigReader reader) {
        List<String> listed = reader.getList(ConfigKeys.SGC_BROKER_PROTOCOLS, List.of());
        return new BrokerProtocolSettings(
                Set.copyOf(listed), reader.getInt(ConfigKeys.SGC_BROKER_MAX_PROTOCOLS, DEFAULTS.maxProtocols));
    }
}
