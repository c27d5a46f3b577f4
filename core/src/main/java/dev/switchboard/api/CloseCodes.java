package dev.switchboard.api;

/**
 * The one catalogue of close codes Switchboard sends.
 *
 * <p>Codes below 4000 are the registered codes of
 * <a href="https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1">RFC 6455 §7.4.1</a>. Switchboard's own codes
 * live in the private-use range and are split by what the client should do next, so a client library can
 * decide without knowing every code:
 * <ul>
 *   <li><b>4000–4499: reconnect.</b> The condition is temporary or specific to this connection (shutdown,
 *       slow consumer, missed heartbeat); a client should reconnect with backoff.</li>
 *   <li><b>4500–4999: terminal.</b> Reconnecting with the same credentials or request will fail the same way
 *       (unauthorized, forbidden, bad request).</li>
 * </ul>
 * Reasons sent with a code are at most 123 bytes of UTF-8 (RFC 6455 §5.5: a control frame payload is at most
 * 125 bytes, two of which carry the code).
 */
public final class CloseCodes {

    /** 1000: the purpose of the connection was fulfilled. */
    public static final int NORMAL = 1000;
    /** 1001: the server is going away (shutdown, undeploy) or the peer navigated away. */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer violated the WebSocket protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: the peer sent a data type the endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1007: a text message was not valid UTF-8. */
    public static final int INVALID_PAYLOAD = 1007;
    /** 1008: a generic policy violation. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message exceeded the configured maximum size. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1011: the server met an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;
    /** 1012: the service is restarting. */
    public static final int SERVICE_RESTART = 1012;
    /** 1013: temporary overload; try again later. */
    public static final int TRY_AGAIN_LATER = 1013;

    /** 4000: the server is shutting down this connection; reconnect (to another node if there is one). */
    public static final int SHUTDOWN = 4000;
    /**
     * 4008: the connection's outbound queue overflowed because the client reads too slowly; the publisher is
     * never blocked for it. Reconnect, and resume if the protocol allows.
     */
    public static final int SLOW_CONSUMER = 4008;
    /**
     * 4001: the server drained this connection ({@code Gateway.drain}): it stopped reading the client's messages,
     * sent everything already queued to it, then closed. Reconnect, to another node if there is one.
     */
    public static final int DRAINED = 4001;
    /** 4009: no pong arrived within the heartbeat timeout. */
    public static final int HEARTBEAT_TIMEOUT = 4009;

    /** 4500: the connection is not (or no longer) authenticated. */
    public static final int UNAUTHORIZED = 4500;
    /** 4501: the client sent something the protocol cannot accept, and will send it again. */
    public static final int BAD_REQUEST = 4501;
    /** 4503: the principal may not do what the connection asked. */
    public static final int FORBIDDEN = 4503;

    /** First code of the "client should reconnect" range. */
    public static final int RECONNECT_RANGE_START = 4000;
    /** First code of the terminal range. */
    public static final int TERMINAL_RANGE_START = 4500;

    private CloseCodes() {}

    /**
     * Tells whether a client receiving {@code code} should reconnect.
     *
     * @param code a close code
     * @return true for the 4000–4499 range and for the RFC codes that describe a temporary condition
     */
    public static boolean shouldReconnect(int code) {
        if (code >= RECONNECT_RANGE_START && code < TERMINAL_RANGE_START) {
            return true;
        }
        return code == GOING_AWAY || code == SERVICE_RESTART || code == TRY_AGAIN_LATER || code == INTERNAL_ERROR;
    }
}
