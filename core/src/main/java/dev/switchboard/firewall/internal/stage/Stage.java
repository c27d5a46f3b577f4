package dev.switchboard.firewall.internal.stage;

/**
 * The stages of the firewall, in the order they run: the one place the order is written down. Each request,
 * message and failed authentication goes through them in this order until a stage allows or refuses; a stage
 * passes what is not its job, so requests meet the connection limits, GeoIP and custom rules but not the message
 * limits, and messages the reverse.
 *
 * <p>The order is sgcWebSockets' (allow list → deny list → bans → rate limits → GeoIP → custom rules, the allow list
 * first as its priority page says), with the detectors after the custom rules for requests, and, for messages, the
 * payload and flood limits before the detectors, so an oversize or flooding message is never scanned.
 */
public enum Stage {
    /** {@link AddressListStage}: the allow list admits at once (and ignores failed logins), the deny list refuses. */
    ADDRESS_LISTS,
    /** {@link BanListStage}: a banned client is refused, and an open connection closed at its next message. */
    BAN_LIST,
    /** {@link BruteForceStage}: failed authentications within a window ban the client. */
    BRUTE_FORCE,
    /** {@link ConnectionLimitStage}: the connection rate and the concurrent cap of WebSocket and SSE requests. */
    CONNECTION_LIMITS,
    /** {@link MessageLimitStage}: the payload size and flood limits of inbound messages. */
    MESSAGE_LIMITS,
    /** {@link GeoIpStage}: the country allow and deny lists. */
    GEOIP,
    /** {@link CustomRuleStage}: the application's {@link dev.switchboard.spi.FirewallRule} beans. */
    CUSTOM_RULES,
    /** {@link DetectorStage}: SQL injection, XSS, path traversal and command injection on paths, queries, texts. */
    DETECTORS
}
