package dev.switchboard.spi;

/**
 * An application's own firewall rule, asked about every request the firewall judges (plain HTTP requests, WebSocket
 * upgrades and SSE streams) after its built-in connection checks: allow list → deny list → bans → rate limits →
 * GeoIP → <b>custom rules</b> → query-string detectors, sgcWebSockets' order. An allow-listed, denied or banned
 * client never reaches a rule.
 *
 * <p>Implementations are CDI beans (not {@code @RequestScoped}: they run outside a request context on some
 * containers), ordered by {@link jakarta.annotation.Priority @Priority}, lowest first; beans without it run last. The
 * firewall looks them up once, at its first request.
 *
 * <p><b>Contract.</b> Called by the firewall filter on the request thread, once per request, for each bean until one
 * returns a decisive result, so implementations must be thread-safe and fast: the first {@link CheckResult.Reject}
 * refuses the request with its status, headers and body (and counts as a refusal under rule {@code custom}, adding to
 * the client's threat score); the first {@link CheckResult.Permit} admits it without asking the remaining rules or the
 * query-string detectors; {@link CheckResult#notApplicable()} passes to the next rule. When every rule passes, the
 * request goes on. An exception refuses the request with HTTP 500 and is logged: a broken rule fails closed.
 */
public interface FirewallRule {

    /**
     * Judges a request.
     *
     * @param request the request
     * @return permit, reject or not-applicable
     */
    CheckResult check(FirewallRequest request);
}
