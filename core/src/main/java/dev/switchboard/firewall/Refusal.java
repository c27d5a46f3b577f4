package dev.switchboard.firewall;

import java.util.List;
import java.util.Map;

/**
 * The firewall's refusal of an HTTP request or connection.
 *
 * @param rule              the rule that fired, one of the {@code Firewall.RULE_*} names or a detector's name
 * @param status            403 (denied, banned, GeoIP, detection), 429 (rate limited), or a custom rule's status
 * @param retryAfterSeconds the {@code Retry-After} value for a 429, otherwise 0
 * @param body              a short plain-text body
 * @param headers           extra response headers (a custom rule's)
 */
public record Refusal(String rule, int status, long retryAfterSeconds, String body, Map<String, List<String>> headers) {

    /** Copies the headers. */
    public Refusal {
        headers = Map.copyOf(headers);
    }

    /**
     * A refusal without extra headers.
     *
     * @param rule              the rule that fired
     * @param status            the HTTP status
     * @param retryAfterSeconds the {@code Retry-After} value, or 0
     * @param body              a short plain-text body
     */
    public Refusal(String rule, int status, long retryAfterSeconds, String body) {
        this(rule, status, retryAfterSeconds, body, Map.of());
    }
}
