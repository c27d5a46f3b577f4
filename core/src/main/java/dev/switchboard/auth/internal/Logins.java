package dev.switchboard.auth.internal;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Identity;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.Optional;

/**
 * What belongs to one login session: the session's own identity, and the identities proved by the tickets and sgc
 * session tokens issued for it. A login's expiry instant (the login time plus the session lifetime, to the clock's
 * precision) is carried unchanged by all three, and tells one login of a user from another.
 */
public final class Logins {

    /** The method of a login session's identity. */
    public static final String SESSION_METHOD = "session";
    /** The method of identities proved by a connect ticket. */
    public static final String TICKET_METHOD = "ticket";
    /** The method of identities proved by an sgc session token ({@code /sgc/auth/session/TOKEN}). */
    public static final String SESSION_TOKEN_METHOD = "session-token";

    private Logins() {}

    /**
     * Tells whether an identity was proved by a login session: by its cookie, or by a ticket or sgc session token
     * issued for it.
     *
     * @param identity the identity
     * @param login    the login session's identity
     * @return true when it is the login's
     */
    public static boolean ofLogin(Identity identity, Identity login) {
        return SESSION_METHOD.equals(login.method())
                && login.expiresAt().isPresent()
                && (SESSION_METHOD.equals(identity.method())
                        || TICKET_METHOD.equals(identity.method())
                        || SESSION_TOKEN_METHOD.equals(identity.method()))
                && identity.name().equals(login.name())
                && identity.expiresAt().equals(login.expiresAt());
    }

    /**
     * Closes with {@link CloseCodes#UNAUTHORIZED} ({@code Logged out}) every connection of the hub that a login
     * authenticated.
     *
     * @param hub   the hub
     * @param login the login session's identity
     * @return how many were closed
     */
    public static int disconnect(Gateway hub, Identity login) {
        // Through the broker, so the login's connections close on every node; they share the login's expiry.
        return hub.disconnectUser(login.name(), login.expiresAt(), CloseCodes.UNAUTHORIZED, "Logged out");
    }

    /**
     * The login a session carries; a session whose login has expired is invalidated.
     *
     * @param session   the session, or null
     * @param attribute the session attribute holding the login's identity
     * @param now       the current instant
     * @return the login's identity; empty without a session, a login, or with an expired one
     */
    public static Optional<Identity> of(HttpSession session, String attribute, Instant now) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            if (!(session.getAttribute(attribute) instanceof Identity identity)) {
                return Optional.empty();
            }
            if (identity.isExpiredAt(now)) {
                session.invalidate();
                return Optional.empty();
            }
            return Optional.of(identity);
        } catch (IllegalStateException invalidated) {
            return Optional.empty();
        }
    }
}
