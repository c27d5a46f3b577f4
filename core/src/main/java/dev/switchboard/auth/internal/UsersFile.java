package dev.switchboard.auth.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The users file: user names, password hashes and roles, one user per line.
 *
 * <pre>
 * # Switchboard users: name:hash:roles
 * alice:pbkdf2-sha256$210000$3q2+7w...$Jx0...:admin,user
 * bob:$2b$12$KIXQJ...:user
 * carol:pbkdf2-sha256$210000$kq...$9f...
 * </pre>
 *
 * <ul>
 *   <li>UTF-8. A line whose first non-blank character is {@code #} is a comment; blank lines are ignored.</li>
 *   <li>Fields are separated by {@code :}: the user name, the password hash ({@link PasswordHashes} formats, which
 *       never contain {@code :}) and, optionally, the roles separated by commas. Spaces around fields and roles are
 *       ignored.</li>
 *   <li>A user name or role is not empty and contains no {@code :}, {@code ,}, whitespace or control character.
 *       Each user appears once.</li>
 * </ul>
 *
 * <p>{@link #parse} reports every malformed line with its number in one {@link UsersFileException}. A line whose
 * hash is in no supported format (a plain-text password, say) is not an error of the syntax: it is kept, listed
 * in {@link #warnings()}, and never matches.
 *
 * <p>{@link #addOrUpdate} rewrites the file atomically (a temporary file in the same directory, then a move), keeping
 * every other line and comment as it was; a file it creates is readable by its owner only.
 */
public final class UsersFile {

    /**
     * One user.
     *
     * @param name  the user name
     * @param hash  the stored password hash
     * @param roles the roles, in file order
     * @param line  the line number, from 1
     */
    public record Entry(String name, String hash, List<String> roles, int line) {
        /** Copies. */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(hash, "hash");
            roles = List.copyOf(roles);
        }
    }

    /** Whether {@link #addOrUpdate} added a new user or replaced one. */
    public enum Change {
        /** The user was not in the file (or there was no file). */
        ADDED,
        /** The user's line was replaced. */
        UPDATED
    }

    private final Map<String, Entry> users;
    private final List<String> warnings;

    private UsersFile(Map<String, Entry> users, List<String> warnings) {
        this.users = users;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads and parses a users file.
     *
     * @param file the file
     * @return its users
     * @throws IOException        when the file cannot be read
     * @throws UsersFileException when lines are malformed, or the file is not UTF-8
     */
    public static UsersFile read(Path file) throws IOException {
        return parse(readLines(file), file.toString());
    }

    /**
     * Parses the lines of a users file.
     *
     * @param lines  the lines, without line terminators
     * @param source the file's name, for messages
     * @return its users
     * @throws UsersFileException listing every malformed line
     */
    public static UsersFile parse(List<String> lines, String source) {
        Map<String, Entry> users = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            Optional<Entry> entry;
            try {
                entry = parseLine(lines.get(i), number);
            } catch (IllegalArgumentException e) {
                problems.add(source + ":" + number + ": " + e.getMessage());
                continue;
            }
            if (entry.isEmpty()) {
                continue;
            }
            Entry user = entry.get();
            Entry earlier = users.putIfAbsent(user.name(), user);
            if (earlier != null) {
                problems.add(source + ":" + number + ": user '" + user.name() + "' is already defined on line "
                        + earlier.line());
            } else if (!PasswordHashes.isSupported(user.hash())) {
                // The value itself is never repeated: it may be a plain-text password.
                warnings.add(source + ":" + number + ": the password of user '" + user.name()
                        + "' is not a supported hash (pbkdf2-sha256$... or bcrypt $2a$/$2b$/$2y$), so this user"
                        + " cannot log in; plain-text passwords are refused. Set it with the add-user command.");
            }
        }
        if (!problems.isEmpty()) {
            throw new UsersFileException(problems);
        }
        return new UsersFile(users, warnings);
    }

    /**
     * Parses one line.
     *
     * @return the user, or empty for a comment or blank line
     * @throws IllegalArgumentException with the reason the line is malformed
     */
    private static Optional<Entry> parseLine(String line, int number) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return Optional.empty();
        }
        String[] fields = trimmed.split(":", -1);
        if (fields.length < 2 || fields.length > 3) {
            throw new IllegalArgumentException(
                    "expected name:hash or name:hash:role1,role2, found " + (fields.length - 1) + " ':' separators");
        }
        String name = fields[0].strip();
        String problem = nameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException("user name " + problem);
        }
        String hash = fields[1].strip();
        if (hash.isEmpty()) {
            throw new IllegalArgumentException("user '" + name + "' has no password hash");
        }
        List<String> roles = fields.length == 3 ? parseRoles(fields[2]) : List.of();
        return Optional.of(new Entry(name, hash, roles, number));
    }

    private static List<String> parseRoles(String field) {
        List<String> roles = new ArrayList<>();
        for (String part : field.split(",", -1)) {
            String role = part.strip();
            if (role.isEmpty()) {
                continue;
            }
            String problem = nameProblem(role);
            if (problem != null) {
                throw new IllegalArgumentException("role " + problem);
            }
            if (!roles.contains(role)) {
                roles.add(role);
            }
        }
        return roles;
    }

    /**
     * Why a user or role name is not allowed.
     *
     * @param name the name
     * @return the reason, starting with the quoted name, or null when the name is fine
     */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ':'
                    || c == ','
                    || Character.isWhitespace(c)
                    || Character.isSpaceChar(c)
                    || Character.isISOControl(c)) {
                return "'" + printable(name) + "' contains " + describe(c) + "; ':', ',', whitespace and control"
                        + " characters are not allowed";
            }
        }
        return null;
    }

    /**
     * Checks a user name for {@link #addOrUpdate}.
     *
     * @param name the user name
     * @throws IllegalArgumentException when it is not allowed
     */
    public static void requireValidName(String name) {
        String problem = nameProblem(Objects.requireNonNull(name, "name"));
        if (problem != null) {
            throw new IllegalArgumentException("The user name " + problem);
        }
    }

    /**
     * Checks role names for {@link #addOrUpdate}.
     *
     * @param roles the role names
     * @throws IllegalArgumentException when one is not allowed
     */
    public static void requireValidRoles(List<String> roles) {
        for (String role : roles) {
            String problem = nameProblem(Objects.requireNonNull(role, "role"));
            if (problem != null) {
                throw new IllegalArgumentException("The role " + problem);
            }
        }
    }

    private static String describe(char c) {
        return switch (c) {
            case ':' -> "':'";
            case ',' -> "','";
            case ' ' -> "a space";
            case '\t' -> "a tab";
            default -> String.format("U+%04X", (int) c);
        };
    }

    private static String printable(String name) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().forEach(cp -> shown.append(Character.isISOControl(cp) ? "?" : Character.toString(cp)));
        return shown.toString();
    }

    /**
     * A user.
     *
     * @param name the user name, compared exactly
     * @return the entry, or empty
     */
    public Optional<Entry> find(String name) {
        return Optional.ofNullable(users.get(name));
    }

    /**
     * Every user, in file order.
     *
     * @return the entries
     */
    public List<Entry> entries() {
        return List.copyOf(users.values());
    }

    /**
     * Lines that parse but can never log in (a hash in no supported format), as messages with line numbers and
     * without the stored values.
     *
     * @return the messages
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Adds a user or replaces the user's line, keeping every other line. Creates the file (and its directory) when
     * missing, readable and writable by the owner only where the file system has POSIX permissions; an existing
     * file keeps its permissions, and its owner and group when the process may set them.
     *
     * <p>The new content is written to a temporary file next to the target and moved over it, so a server reading
     * the file sees either the old or the new version, never half of one. Updates of one file wait for each other,
     * in this process and in others (a lock on a hidden {@code .NAME.lock} file beside it), so concurrent updates
     * never lose one another.
     *
     * @param file  the users file
     * @param name  the user name
     * @param hash  the password hash, in a {@link PasswordHashes} format
     * @param roles the roles, possibly empty
     * @return whether the user was added or updated
     * @throws IOException              when the file cannot be read or written
     * @throws UsersFileException       when the existing file is malformed (it is left untouched)
     * @throws IllegalArgumentException when the name, a role or the hash is not allowed
     */
    public static Change addOrUpdate(Path file, String name, String hash, List<String> roles) throws IOException {
        return UsersFileUpdate.addOrUpdate(file, name, hash, roles);
    }

    static List<String> readLines(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new UsersFileException(List.of(file + ": not UTF-8 text"));
        }
    }
}
