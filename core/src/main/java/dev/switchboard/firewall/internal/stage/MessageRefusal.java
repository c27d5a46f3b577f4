package dev.switchboard.firewall.internal.stage;

/**
 * A stage's refusal of an inbound message: the connection is closed with the code and reason.
 *
 * @param rule      the rule that fired, the counter it is counted under
 * @param closeCode the close code
 * @param reason    the close reason
 */
public record MessageRefusal(String rule, int closeCode, String reason) {}
