package dev.switchboard.spi;

import dev.switchboard.api.Identity;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Checks a user name and password: a users file, a database table, the container's realm, or an application's
 * own directory. Implementations are CDI beans (normally {@code @ApplicationScoped}); the authentication filter
 * asks every {@linkplain #enabled() enabled} store in {@code @Priority} order (lowest first) and takes the first
 * identity returned.
 *
 * <p>Called by the authentication filter on the request thread, once per password presented (a login form, a
 * Basic header, an sgc URL credential), concurrently for different requests. An exception is logged and counts as
 * "not this store"; the next store is asked.
 */
public interface CredentialStore {

    /**
     * Tells whether this store is configured and should be asked. Called once per authentication attempt.
     *
     * @return true by default
     */
    default boolean enabled() {
        return true;
    }

    /**
     * A value that changes whenever this store's users, passwords or roles may have changed. Switchboard remembers a
     * verified {@code Authorization: Basic} credential for a short time ({@code switchboard.auth.basic-cache.ttl}) so
     * that repeating the header does not cost a password hash per request, and forgets every such credential as soon
     * as the revision of any enabled store differs from the one it was verified under.
     *
     * <p>Called by the authentication filter on the request thread for every Basic header, before the cache is
     * consulted: it must be cheap (a file's modification time, a counter), not a query. An exception counts as a
     * change.
     *
     * @return by default 0: the store cannot tell, and a change to it takes effect once a remembered credential
     *         expires
     */
    default long revision() {
        return 0L;
    }

    /**
     * Checks a password.
     *
     * <p>An implementation should take about as long for an unknown user as for a wrong password, so that
     * response times do not reveal which user names exist.
     *
     * @param user     the user name as presented
     * @param password the password; the caller clears the array afterwards
     * @param request  the HTTP request that carried the credential (a container realm logs in through it)
     * @return the identity, with its roles and {@code method} set to what the caller passes in the identity it
     *         builds; empty when the user is unknown here or the password is wrong
     */
    Optional<Identity> authenticate(String user, char[] password, HttpServletRequest request);

    /**
     * The key a challenge-response login (WAMP-CRA) checks a signature with, derived from the user's stored password.
     * A store that keeps PBKDF2-HMAC-SHA256 hashes with a text salt can answer it without the password; a store that
     * keeps bcrypt hashes, or asks a realm, cannot, and its users log in with a password or a ticket instead.
     *
     * <p>Called on the connection's thread once per challenge, concurrently for different connections. An exception
     * is logged and counts as "not this store".
     *
     * @param user the user name as presented
     * @return the key with the identity a correct signature proves; empty by default and when the user is unknown
     *         here or the stored hash cannot serve a challenge
     */
    default Optional<ChallengeKey> challengeKey(String user) {
        return Optional.empty();
    }
}
