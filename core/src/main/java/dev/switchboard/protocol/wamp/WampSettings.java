package dev.switchboard.protocol.wamp;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;
import java.util.List;

/**
 * The WAMP router's settings, from the {@code switchboard.wamp.*} keys of {@link ConfigKeys}. Immutable.
 *
 * @param realms           the realms a client may join
 * @param anonymous        whether a client without credentials may join
 * @param helloTimeout     how long a connection may stay open without a HELLO
 * @param maxMessageChars  most characters of one WAMP message
 * @param maxPendingCalls  most calls one connection may have waiting for their result
 * @param maxRegistrations most procedures one connection may register
 * @param callTimeout      the longest a call may wait for its result (a caller's own {@code timeout} may be shorter)
 */
public record WampSettings(
        List<String> realms,
        boolean anonymous,
        Duration helloTimeout,
        int maxMessageChars,
        int maxPendingCalls,
        int maxRegistrations,
        Duration callTimeout) {

    /** The documented defaults. */
    public static final WampSettings DEFAULTS =
            new WampSettings(List.of("realm1"), true, Duration.ofSeconds(10), 65_536, 100, 100, Duration.ofSeconds(60));

    /** Validates. */
    public WampSettings {
        realms = List.copyOf(realms);
        if (realms.isEmpty()) {
            throw new IllegalArgumentException("WAMP needs at least one realm");
        }
        if (helloTimeout.isNegative() || helloTimeout.isZero() || callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("WAMP timeouts must be positive");
        }
        if (maxMessageChars < 256 || maxPendingCalls <= 0 || maxRegistrations <= 0) {
            throw new IllegalArgumentException("WAMP limits too small: message " + maxMessageChars + ", pending calls "
                    + maxPendingCalls + ", registrations " + maxRegistrations);
        }
    }

    /**
     * The settings the documented keys give.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static WampSettings read(ConfigReader reader) {
        WampSettings d = DEFAULTS;
        return new WampSettings(
                reader.getList(ConfigKeys.WAMP_REALMS, d.realms),
                reader.getBoolean(ConfigKeys.WAMP_ANONYMOUS, d.anonymous),
                Duration.ofMillis(reader.getLong(ConfigKeys.WAMP_HELLO_TIMEOUT, d.helloTimeout.toMillis())),
                reader.getInt(ConfigKeys.WAMP_MAX_MESSAGE_CHARS, d.maxMessageChars),
                reader.getInt(ConfigKeys.WAMP_MAX_PENDING_CALLS, d.maxPendingCalls),
                reader.getInt(ConfigKeys.WAMP_MAX_REGISTRATIONS, d.maxRegistrations),
                Duration.ofMillis(reader.getLong(ConfigKeys.WAMP_CALL_TIMEOUT, d.callTimeout.toMillis())));
    }
}
