package dev.switchboard.spi;

import dev.switchboard.api.Identity;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a challenge-response login (WAMP-CRA) needs of a user's stored password: the PBKDF2-HMAC-SHA256 key derived
 * from it, and the salt, iteration count and key length the client derives the same key with. The client proves it
 * knows the password by signing a challenge with that key, so the password never crosses the connection and the
 * store never needs it in plain text.
 *
 * @param salt       the salt as text; the key was derived from its UTF-8 bytes, as the client will derive it
 * @param iterations the PBKDF2 iteration count
 * @param key        the derived key, {@code keyLength} bytes; the record keeps its own copy
 * @param identity   the identity a correct signature proves, with the store's roles
 */
public record ChallengeKey(String salt, int iterations, byte[] key, Identity identity) {

    /**
     * Checks and copies the parts.
     *
     * @throws IllegalArgumentException when the salt is empty, the iterations are not positive or the key is empty
     */
    public ChallengeKey {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(identity, "identity");
        if (salt.isEmpty() || iterations < 1 || key == null || key.length == 0) {
            throw new IllegalArgumentException("a challenge key needs a salt, iterations and a key");
        }
        key = key.clone();
    }

    /**
     * The derived key.
     *
     * @return a copy
     */
    @Override
    public byte[] key() {
        return key.clone();
    }

    /**
     * The derived key's length.
     *
     * @return bytes
     */
    public int keyLength() {
        return key.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChallengeKey that
                && salt.equals(that.salt)
                && iterations == that.iterations
                && Arrays.equals(key, that.key)
                && identity.equals(that.identity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(salt, iterations, Arrays.hashCode(key), identity);
    }

    /** Leaves the key out, so that a log line never holds it. */
    @Override
    public String toString() {
        return "ChallengeKey[salt=" + salt + ", iterations=" + iterations + ", keyLength=" + key.length + ", identity="
                + identity.name() + "]";
    }
}
