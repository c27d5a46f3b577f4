package dev.switchboard.auth.internal;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes: makes and checks the stored form of a password.
 *
 * <p>Two formats are understood:
 * <ul>
 *   <li>{@code pbkdf2-sha256$<iterations>$<salt>$<hash>}: PBKDF2-HMAC-SHA256 of the password's UTF-8 bytes, salt and
 *       hash in standard Base64 without padding. {@link #hash(char[])} writes it with a salt of 22 random Base64
 *       characters (128 random bits as text, so that a WAMP-CRA challenge can carry it, see {@link #derived}), a
 *       32-byte hash and {@value #DEFAULT_ITERATIONS} iterations unless told otherwise.</li>
 *   <li>bcrypt, {@code $2a$}, {@code $2b$} or {@code $2y$} (what {@code htpasswd -B}, Spring Security and most
 *       other tools write); passwords longer than 72 bytes are truncated to the bytes bcrypt reads, as those tools
 *       do.</li>
 * </ul>
 * Neither format contains {@code :}, so a hash fits in a field of the users file. A stored value in any other
 * format, plain text included, never matches: {@link #isSupported(String)} lets a loader report it.
 *
 * <p>Comparisons take constant time, and {@link #verifyUnknownUser(char[], String)} spends the time of a real
 * check on a user that does not exist, so response times do not tell which user names exist. Thread-safe.
 */
public final class PasswordHashes {

    /** Scheme name of the PBKDF2 format, its first field. */
    public static final String PBKDF2_SCHEME = "pbkdf2-sha256";
    /** PBKDF2 iterations of new hashes unless configured otherwise: OWASP's 2023 advice for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 210_000;
    /** bcrypt cost of new bcrypt hashes (2^12 rounds). */
    public static final int DEFAULT_BCRYPT_COST = 12;

    /**
     * Most PBKDF2 iterations a stored hash may ask for. A stored value comes from an administrator, but a typo such
     * as an extra digit should not turn every login into a minute of CPU.
     */
    static final int MAX_ITERATIONS = 10_000_000;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int MIN_HASH_BYTES = 16;
    private static final int MAX_HASH_BYTES = 64;
    private static final int BCRYPT_MAX_PASSWORD_BYTES = 72;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
    // The verifyer reads the version ($2a$, $2b$, $2y$) from each hash; truncation matches what wrote the hash.
    private static final BCrypt.Verifyer BCRYPT =
            BCrypt.verifyer(BCrypt.Version.VERSION_2A, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));
    /** Stand-in hashes per scheme and cost, see {@link #verifyUnknownUser}; a handful of entries at most. */
    private static final ConcurrentHashMap<String, String> DUMMIES = new ConcurrentHashMap<>();

    private static final int MAX_DUMMIES = 32;

    private PasswordHashes() {}

    /**
     * Hashes a password with PBKDF2 and {@value #DEFAULT_ITERATIONS} iterations.
     *
     * @param password the password; not cleared
     * @return the stored form, {@code pbkdf2-sha256$210000$<salt>$<hash>}
     * @throws IllegalArgumentException when the password is empty
     */
    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    /**
     * Hashes a password with PBKDF2.
     *
     * @param password   the password; not cleared
     * @param iterations the iteration count, stored in the result
     * @return the stored form
     * @throws IllegalArgumentException when the password is empty or the count is not positive
     */
    public static String hash(char[] password, int iterations) {
        requireNotEmpty(password);
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(
                    "PBKDF2 iterations must be between 1 and " + MAX_ITERATIONS + ": " + iterations);
        }
        // The salt is random text (Base64 of 16 random bytes, 128 bits), not raw bytes, so that a challenge-response
        // login can hand it to a client as a string: WAMP-CRA clients derive the key from the salt's UTF-8 bytes.
        byte[] random = new byte[SALT_BYTES];
        RANDOM.nextBytes(random);
        byte[] salt = B64.encodeToString(random).getBytes(StandardCharsets.US_ASCII);
        byte[] hash = pbkdf2(password, salt, iterations, HASH_BYTES);
        return PBKDF2_SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Hashes a password with bcrypt ({@code $2b$}), for administrators who share the file with tools that only know
     * bcrypt.
     *
     * @param password the password; not cleared
     * @param cost     the bcrypt cost, 4 to 31 (each step doubles the work)
     * @return the stored form, {@code $2b$<cost>$...}
     * @throws IllegalArgumentException when the password is empty or longer than the 72 bytes bcrypt reads
     */
    public static String hashBcrypt(char[] password, int cost) {
        requireNotEmpty(password);
        if (utf8Length(password) > BCRYPT_MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("bcrypt reads at most 72 bytes of a password; this one is longer"
                    + " (use the PBKDF2 format instead)");
        }
        // Strict: a hash of a truncated password would accept every password sharing the first 72 bytes.
        return BCrypt.with(BCrypt.Version.VERSION_2B, RANDOM, LongPasswordStrategies.strict(BCrypt.Version.VERSION_2B))
                .hashToString(cost, password);
    }

    /**
     * Tells whether a stored value is in a format {@link #verify} understands. It does not check that the value
     * decodes completely; a damaged value of a known format simply never matches.
     *
     * @param stored the stored value
     * @return true for the PBKDF2 and bcrypt formats
     */
    public static boolean isSupported(String stored) {
        return stored != null && (stored.startsWith(PBKDF2_SCHEME + "$") || isBcrypt(stored));
    }

    /**
     * Checks a password against a stored value, in constant time for a given stored value.
     *
     * @param password the password presented; not cleared
     * @param stored   the stored value
     * @return true when it matches; false for a wrong password, an empty password, and a stored value that is
     *         damaged or in no supported format (plain text included)
     */
    public static boolean verify(char[] password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        if (stored.startsWith(PBKDF2_SCHEME + "$")) {
            return verifyPbkdf2(password, stored);
        }
        if (isBcrypt(stored)) {
            return verifyBcrypt(password, stored);
        }
        return false;
    }

    /**
     * Spends the time of checking a password against a hash like {@code like} and returns false. A store calls it
     * for a user it does not know, so that the answer takes as long as a wrong password for a known user.
     *
     * @param password the password presented; not cleared
     * @param like     a stored hash of the store whose cost to imitate (say, the first user's), or null for the
     *                 default PBKDF2 cost
     * @return false, always
     */
    public static boolean verifyUnknownUser(char[] password, String like) {
        String dummy = dummyLike(like);
        // The result of a random hash is irrelevant; the call is here for its duration.
        verify(password == null || password.length == 0 ? new char[] {'x'} : password, dummy);
        return false;
    }

    private static String dummyLike(String like) {
        String key = costKey(like).orElse(PBKDF2_SCHEME + "$" + DEFAULT_ITERATIONS);
        String dummy = DUMMIES.get(key);
        if (dummy != null) {
            return dummy;
        }
        char[] random = new char[24];
        for (int i = 0; i < random.length; i++) {
            random[i] = (char) ('a' + RANDOM.nextInt(26));
        }
        if (key.startsWith(PBKDF2_SCHEME)) {
            dummy = hash(random, Integer.parseInt(key.substring(PBKDF2_SCHEME.length() + 1)));
        } else {
            dummy = hashBcrypt(random, Integer.parseInt(key.substring(key.lastIndexOf('$') + 1)));
        }
        if (DUMMIES.size() < MAX_DUMMIES) {
            DUMMIES.putIfAbsent(key, dummy);
        }
        return dummy;
    }

    /** The scheme and cost of a well-formed stored hash: {@code pbkdf2-sha256$N} or {@code bcrypt$N}. */
    private static Optional<String> costKey(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        String[] parts = stored.split("\\$", -1);
        try {
            if (stored.startsWith(PBKDF2_SCHEME + "$") && parts.length == 4) {
                int iterations = Integer.parseInt(parts[1]);
                return iterations >= 1 && iterations <= MAX_ITERATIONS
                        ? Optional.of(PBKDF2_SCHEME + "$" + iterations)
                        : Optional.empty();
            }
            if (isBcrypt(stored) && parts.length == 4) {
                int cost = Integer.parseInt(parts[2]);
                return cost >= 4 && cost <= 31 ? Optional.of("bcrypt$" + cost) : Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean verifyPbkdf2(char[] password, String stored) {
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4 || password.length == 0) {
            return false;
        }
        int iterations;
        byte[] salt;
        byte[] expected;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = B64_DECODER.decode(parts[2]);
            expected = B64_DECODER.decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (iterations < 1
                || iterations > MAX_ITERATIONS
                || salt.length == 0
                || expected.length < MIN_HASH_BYTES
                || expected.length > MAX_HASH_BYTES) {
            return false;
        }
        byte[] actual = pbkdf2(password, salt, iterations, expected.length);
        // MessageDigest.isEqual takes time independent of where the arrays differ.
        boolean same = MessageDigest.isEqual(actual, expected);
        Arrays.fill(actual, (byte) 0);
        return same;
    }

    /**
     * The parts of a PBKDF2 hash a challenge-response login (WAMP-CRA) can use: the client derives the same key from
     * the password, the salt's text and the iteration count, and signs a challenge with it.
     *
     * @param salt       the salt as text
     * @param iterations the iteration count
     * @param key        the stored hash, i.e. the derived key
     */
    public record Derived(String salt, int iterations, byte[] key) {}

    /**
     * Reads the derived key out of a stored PBKDF2 hash whose salt is printable ASCII text, as every hash
     * {@link #hash(char[], int)} writes is. A hash with a binary salt, a bcrypt hash, or a damaged value cannot
     * serve a challenge: a client cannot be handed binary salt as the string it derives the key from.
     *
     * @param stored the stored value
     * @return the parts; empty when the value cannot serve a challenge
     */
    public static Optional<Derived> derived(String stored) {
        if (stored == null || !stored.startsWith(PBKDF2_SCHEME + "$")) {
            return Optional.empty();
        }
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = B64_DECODER.decode(parts[2]);
            byte[] key = B64_DECODER.decode(parts[3]);
            if (iterations < 1
                    || iterations > MAX_ITERATIONS
                    || salt.length == 0
                    || key.length < MIN_HASH_BYTES
                    || key.length > MAX_HASH_BYTES) {
                return Optional.empty();
            }
            for (byte b : salt) {
                if (b < 0x21 || b > 0x7e) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Derived(new String(salt, StandardCharsets.US_ASCII), iterations, key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean verifyBcrypt(char[] password, String stored) {
        if (password.length == 0) {
            return false;
        }
        try {
            // The library compares the hashes with MessageDigest.isEqual.
            return BCRYPT.verify(password, stored.toCharArray()).verified;
        } catch (RuntimeException e) {
            // A damaged hash (wrong length, bad cost) is a value that never matches, not an error of the caller.
            return false;
        }
    }

    private static boolean isBcrypt(String stored) {
        return stored.startsWith("$2a$") || stored.startsWith("$2b$") || stored.startsWith("$2y$");
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static void requireNotEmpty(char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("The password is empty");
        }
    }

    private static int utf8Length(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        int length = encoded.remaining();
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return length;
    }
}
