package dev.switchboard.api.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Credentials were presented and refused: a wrong password, an unknown user, a bad or expired token, a replayed
 * ticket. Fired synchronously by the authentication filter for every refusal, so that the firewall's brute-force
 * protection (or an application's own observer) can count failures per client address.
 *
 * <p>A request that carries no credentials at all is not a failure and fires nothing.
 *
 * @param clientAddress the client's address as the firewall resolved it (trusted proxies honoured), as a literal
 * @param user          the user name that was tried, or an empty string when the credential names none
 * @param scheme        what was presented: {@code password}, {@code basic}, {@code bearer}, {@code ticket},
 *                      {@code session-token} or {@code url}
 * @param at            when the refusal happened
 */
public record AuthenticationFailedEvent(String clientAddress, String user, String scheme, Instant at) {

    /** Checks the components are present. */
    public AuthenticationFailedEvent {
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(at, "at");
    }
}
