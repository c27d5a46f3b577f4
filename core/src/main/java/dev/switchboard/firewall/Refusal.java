package dev.switchboard.firewall;

/**
 * The firewall's refusal of an HTTP request or connection.
 *
 * @param rule              the rule that fired, one of the {@code Firewall.RULE_*} names
 * @param status            403 (denied, banned) or 429 (rate limited)
 * @param retryAfterSeconds the {@code Retry-After} value for a 429, otherwise 0
 * @param body              a short plain-text body
 */
public record Refusal(String rule, int status, long retryAfterSeconds, String body) {
}
