package dev.switchboard.spi;

import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Identity;

/**
 * Verifies a credential presented over an open connection, so that a long-lived connection can refresh its
 * identity without reconnecting. Switchboard's authentication provides the one bean; the hub calls it from
 * {@link dev.switchboard.api.Gateway#reauthenticate}, on the thread of the connection's inbound message, and
 * checks that the result names the same principal.
 */
public interface Authenticator {

    /** Credential kind: a bearer token (a signed JWT). */
    String BEARER = "bearer";
    /** Credential kind: a connect ticket from {@code POST /auth/login} or {@code POST /auth/ticket}. */
    String TICKET = "ticket";

    /**
     * Verifies a credential. A refusal is reported to the firewall's brute-force counter like a failed login.
     *
     * @param connection the connection presenting it
     * @param kind       {@link #BEARER} or {@link #TICKET}
     * @param credential the token or ticket
     * @return the identity the credential proves
     * @throws AuthenticationException when the credential is invalid, expired, used, or of an unknown kind
     */
    Identity verify(Connection connection, String kind, String credential) throws AuthenticationException;
}
