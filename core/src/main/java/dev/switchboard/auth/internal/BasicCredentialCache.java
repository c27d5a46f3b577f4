package dev.switchboard.auth.internal;

import dev.switchboard.api.Identity;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for a short time, which {@code Authorization: Basic} credentials were verified and whom they proved,
 * so that a client sending the same header on every request does not make the server compute a password hash
 * (PBKDF2 or bcrypt, deliberately slow) each time.
 *
 * <p>An entry is keyed by HMAC-SHA256 of the header's credential part under a random key drawn when the cache is
 * made: the password is never kept, not even as a plain digest someone reading a heap dump could test guesses
 * against offline. Only successes are remembered; a refused credential is checked in full every time (the firewall
 * counts those). Entries expire after the time to live, the least recently used is dropped beyond the bound, and
 * everything is dropped when the credential stores' revision changes (a user removed or a password changed in the
 * users file). {@link #forgetUser} drops a user's entries when the user logs out.
 *
 * <p>Thread-safe.
 */
public final class BasicCredentialCache {

    private static final String HMAC = "HmacSHA256";
    private static final int KEY_BYTES = 32;

    private record Entry(Identity identity, Instant expiresAt) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private Object revision;

    /**
     * Creates an empty cache with a fresh random key.
     *
     * @param clock      the clock entries expire by
     * @param ttl        how long an entry is trusted; zero makes a cache that remembers nothing
     * @param maxEntries the most entries held
     */
    public BasicCredentialCache(Clock clock, Duration ttl, int maxEntries) {
        if (ttl.isNegative() || maxEntries < 1) {
            throw new IllegalArgumentException("A credential cache needs a time to live of 0 or more and room for"
                    + " at least one entry: " + ttl + ", " + maxEntries);
        }
        byte[] secret = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    /**
     * Tells whether the cache remembers anything at all.
     *
     * @return false when the time to live is zero
     */
    public boolean enabled() {
        return !ttl.isZero();
    }

    /**
     * The identity a credential proved, if it was verified recently and nothing changed since.
     *
     * @param credentials   the credential part of the header (after {@code Basic })
     * @param storeRevision the credential stores' revision now; a different one than before empties the cache
     * @return the identity; empty when unknown, expired or the stores changed
     */
    public Optional<Identity> find(String credentials, Object storeRevision) {
        if (!enabled()) {
            return Optional.empty();
        }
        String id = keyOf(credentials);
        lock.lock();
        try {
            sync(storeRevision);
            Entry entry = entries.get(id);
            if (entry == null) {
                return Optional.empty();
            }
            if (!entry.expiresAt().isAfter(clock.instant())) {
                entries.remove(id);
                return Optional.empty();
            }
            return Optional.of(entry.identity());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Remembers a credential that was just verified. Call {@link #find} with the same revision first: a credential
     * checked against a revision the cache has since moved past is not remembered.
     *
     * @param credentials   the credential part of the header
     * @param identity      whom it proved
     * @param storeRevision the credential stores' revision when it was checked
     */
    public void remember(String credentials, Identity identity, Object storeRevision) {
        if (!enabled()) {
            return;
        }
        String id = keyOf(credentials);
        lock.lock();
        try {
            if (!Objects.equals(revision, storeRevision)) {
                // The stores changed while this credential was checked (find saw the newer revision): the check
                // may have read the old users.
                return;
            }
            entries.put(id, new Entry(identity, clock.instant().plus(ttl)));
            if (entries.size() > maxEntries) {
                dropExpiredOrEldest();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets every credential that proved a user.
     *
     * @param user the user name
     * @return how many entries were dropped
     */
    public int forgetUser(String user) {
        int dropped = 0;
        lock.lock();
        try {
            for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
                if (it.next().identity().name().equals(user)) {
                    it.remove();
                    dropped++;
                }
            }
        } finally {
            lock.unlock();
        }
        return dropped;
    }

    /**
     * The number of entries held, expired ones not yet dropped included.
     *
     * @return the count
     */
    public int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** Empties the cache when the stores changed since it last looked. */
    private void sync(Object storeRevision) {
        if (!Objects.equals(revision, storeRevision)) {
            entries.clear();
            revision = storeRevision;
        }
    }

    private void dropExpiredOrEldest() {
        Instant now = clock.instant();
        entries.values().removeIf(entry -> !entry.expiresAt().isAfter(now));
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while (entries.size() > maxEntries && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    private String keyOf(String credentials) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(credentials.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available in this JDK", e);
        }
    }
}
