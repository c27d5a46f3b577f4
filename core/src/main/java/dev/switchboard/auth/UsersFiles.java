package dev.switchboard.auth;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.auth.internal.UsersFileException;
import java.io.IOException;
import java.io.Serial;
import java.nio.file.Path;
import java.util.List;

/**
 * Maintains users files ({@code switchboard.auth.users}) from outside the server: the public entry point for
 * tools such as the embedded launcher's {@code add-user} command, which hash a password and add or update one
 * user while the server may be reading the file.
 *
 * <p>The file format, the hash formats and the locking that keeps concurrent updates from losing one another
 * are those of the file credential store; see {@code docs/authentication.md}.
 */
public final class UsersFiles {

    /** PBKDF2 iterations when {@code switchboard.auth.pbkdf2.iterations} is not set. */
    public static final int DEFAULT_PBKDF2_ITERATIONS = PasswordHashes.DEFAULT_ITERATIONS;

    /** Whether {@link #addOrUpdate} added a new user or replaced one. */
    public enum Change {
        /** The user was not in the file (or there was no file). */
        ADDED,
        /** The user's line was replaced. */
        UPDATED
    }

    /** A users file whose existing lines do not parse; it was left unchanged. */
    public static final class MalformedFileException extends IOException {

        @Serial
        private static final long serialVersionUID = 1L;

        MalformedFileException(UsersFileException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private UsersFiles() {}

    /**
     * Checks a user name and roles before anything is hashed or written.
     *
     * @param user  the user name
     * @param roles the role names
     * @throws IllegalArgumentException naming the first name that is not allowed
     */
    public static void requireValidUser(String user, List<String> roles) {
        UsersFile.requireValidName(user);
        UsersFile.requireValidRoles(roles);
    }

    /**
     * Hashes a password with PBKDF2-HMAC-SHA256.
     *
     * @param password   the password; not cleared
     * @param iterations the iteration count, stored in the hash
     * @return the stored form
     * @throws IllegalArgumentException when the password is empty or the count out of range
     */
    public static String hashPbkdf2(char[] password, int iterations) {
        return PasswordHashes.hash(password, iterations);
    }

    /**
     * Hashes a password with bcrypt, cost 12.
     *
     * @param password the password; not cleared
     * @return the stored form
     * @throws IllegalArgumentException when the password is empty or longer than the 72 bytes bcrypt reads
     */
    public static String hashBcrypt(char[] password) {
        return PasswordHashes.hashBcrypt(password, PasswordHashes.DEFAULT_BCRYPT_COST);
    }

    /**
     * Adds a user or replaces the user's line, keeping every other line; creates the file, readable by its owner
     * only, when it is missing. The file is replaced atomically, so a server reading it sees the old or the new
     * version.
     *
     * @param file  the users file
     * @param user  the user name
     * @param hash  a hash from {@link #hashPbkdf2} or {@link #hashBcrypt}
     * @param roles the roles, possibly empty
     * @return whether the user was added or updated
     * @throws MalformedFileException   when the existing file does not parse (every bad line is in the message)
     * @throws IOException              when the file cannot be read or written
     * @throws IllegalArgumentException when the name, a role or the hash is not allowed
     */
    public static Change addOrUpdate(Path file, String user, String hash, List<String> roles) throws IOException {
        try {
            return UsersFile.addOrUpdate(file, user, hash, roles) == UsersFile.Change.ADDED
                    ? Change.ADDED
                    : Change.UPDATED;
        } catch (UsersFileException e) {
            throw new MalformedFileException(e);
        }
    }
}
