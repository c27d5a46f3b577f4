package dev.switchboard.spi;

/**
 * Decides whether a WebSocket handshake may proceed, before the upgrade, where a refusal can carry any HTTP
 * status, headers and body (for example 401 with {@code WWW-Authenticate}, as IPWorks' WebSocketOpenRequest
 * allows).
 *
 * <p>Implementations are CDI beans (not {@code @RequestScoped}: they run outside a request context on some
 * containers), ordered by {@link jakarta.annotation.Priority @Priority}, lowest first; beans without it run last.
 * Switchboard's own checks (connection limit, origin) run before all of them.
 *
 * <p><b>Contract.</b> Called by the handshake filter on the request thread, once per handshake, for each bean
 * until one returns a decisive result: the first {@link CheckResult.Reject} refuses the handshake and the first
 * {@link CheckResult.Permit} accepts it without asking the remaining beans; {@link CheckResult#notApplicable()}
 * passes to the next bean. When every bean passes, the handshake proceeds. An exception refuses the handshake
 * with HTTP 500 and is logged.
 *
 * <p><b>Shaping the connection.</b> A permit may pick the subprotocol among the offered ones, add headers to the 101
 * response, and give the connection an identity and attributes ({@link CheckResult.Permit}, with its rules and
 * bounds); a refusal may carry any 4xx or 5xx status, headers and a body ({@link CheckResult.Reject}).
 */
public interface UpgradeCheck {

    /**
     * Examines a handshake.
     *
     * @param request the handshake request
     * @return permit, reject or not-applicable
     */
    CheckResult check(UpgradeRequest request);
}
