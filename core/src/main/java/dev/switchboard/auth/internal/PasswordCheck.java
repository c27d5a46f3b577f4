package dev.switchboard.auth.internal;

import dev.switchboard.api.Identity;
import dev.switchboard.spi.ChallengeKey;
import dev.switchboard.spi.CredentialStore;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks user names and passwords against the credential stores, in order, and answers a Basic credential verified
 * recently from a {@link BasicCredentialCache} instead of hashing its password again. Refusals are the caller's to
 * report: this only says whether a store accepted.
 */
public final class PasswordCheck {

    private static final System.Logger LOG = System.getLogger(PasswordCheck.class.getName());

    private final List<CredentialStore> stores;
    private final BasicCredentialCache cache;

    /**
     * Creates the check.
     *
     * @param stores the stores, in the order they are asked
     * @param cache  remembers verified Basic credentials
     */
    public PasswordCheck(List<CredentialStore> stores, BasicCredentialCache cache) {
        this.stores = List.copyOf(stores);
        this.cache = cache;
    }

    /**
     * Tells whether any credential store is enabled, i.e. whether passwords can be checked at all.
     *
     * @return true when a store is enabled
     */
    public boolean enabled() {
        for (CredentialStore store : stores) {
            if (store.enabled()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asks the enabled stores in order; a store that fails is logged and the next one asked.
     *
     * @param user     the user name
     * @param password the password; cleared before this returns
     * @param request  the request that carried them
     * @return the identity of the first store that accepts them; empty when none does
     */
    public Optional<Identity> check(String user, char[] password, HttpServletRequest request) {
        try {
            return first(store -> store.authenticate(user, password, request));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Asks the enabled stores in order for the key a challenge-response login checks a signature with; a store that
     * fails is logged and the next one asked.
     *
     * @param user the user name
     * @return the key of the first store that has one for the user; empty when none does
     */
    public Optional<ChallengeKey> challengeKey(String user) {
        return first(store -> store.challengeKey(user));
    }

    /** The first answer of the enabled stores, in order; a store that fails is logged and the next one asked. */
    private <T> Optional<T> first(Function<CredentialStore, Optional<T>> question) {
        for (CredentialStore store : stores) {
            if (!store.enabled()) {
                continue;
            }
            try {
                Optional<T> answer = question.apply(store);
                if (answer.isPresent()) {
                    return answer;
                }
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Credential store " + store.getClass().getName() + " failed; asking the next one",
                        e);
            }
        }
        return Optional.empty();
    }

    /** A Basic credential's parts, with the password still to be checked. */
    public record BasicCredential(String user, char[] password) {}

    /**
     * Decodes the credential part of an {@code Authorization: Basic} header ({@code base64(user:password)}).
     *
     * @param credentials the Base64 text after {@code Basic }
     * @return the user and password; empty when the text is malformed
     */
    public static Optional<BasicCredential> decodeBasic(String credentials) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(credentials);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String pair = new String(decoded, StandardCharsets.UTF_8);
        Arrays.fill(decoded, (byte) 0);
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredential(
                pair.substring(0, colon), pair.substring(colon + 1).toCharArray()));
    }

    /**
     * The revisions of the enabled stores, in order: any change in it means a store's users may have changed.
     *
     * @return a value to compare with an earlier one
     */
    public Object storeRevision() {
        List<Long> revisions = new ArrayList<>(stores.size());
        for (CredentialStore store : stores) {
            try {
                revisions.add(store.enabled() ? store.revision() : -1L);
            } catch (RuntimeException e) {
                // Cannot tell: a value never seen before, so nothing remembered is trusted.
                revisions.add(System.nanoTime());
            }
        }
        return revisions;
    }

    /**
     * The identity a Basic credential proved within the cache's lifetime, with the stores unchanged since.
     *
     * @param credentials the Base64 text after {@code Basic }
     * @param revision    what {@link #storeRevision} returned now
     * @return the identity; empty when it must be checked
     */
    public Optional<Identity> remembered(String credentials, Object revision) {
        return cache.find(credentials, revision);
    }

    /**
     * Remembers a Basic credential the stores just accepted.
     *
     * @param credentials the Base64 text after {@code Basic }
     * @param identity    whom it proved
     * @param revision    the revision it was checked against
     */
    public void remember(String credentials, Identity identity, Object revision) {
        cache.remember(credentials, identity, revision);
    }

    /**
     * Forgets every remembered credential of a user.
     *
     * @param user the user name
     * @return how many remembered credentials were dropped
     */
    public int forgetUser(String user) {
        return cache.forgetUser(user);
    }
}
