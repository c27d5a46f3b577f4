package dev.switchboard.embedded;

import dev.switchboard.auth.UsersFiles;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code add-user} command: adds a user to a users file, or replaces the user's password and roles, hashing the
 * password on the way.
 *
 * <pre>
 * add-user [--bcrypt] FILE USER PASSWORD [ROLE,...]
 * </pre>
 *
 * The embedded launcher runs it as {@code java -jar switchboard.jar add-user ...}, also for the users file of an
 * application server: the file format is the same everywhere. A PASSWORD of {@code -} is read from the first line of standard input, which keeps it out of the shell history and
 * the process list. Hashes are PBKDF2 with {@code switchboard.auth.pbkdf2.iterations} iterations, or bcrypt (cost
 * 12) with {@code --bcrypt}. The file is created readable by its owner only; other lines are kept.
 *
 * <p>Exit status: 0 done, 1 the file could not be read, parsed or written, 2 wrong arguments.
 */
final class AddUserCommand {

    /** The command's name on the launcher's command line. */
    static final String NAME = "add-user";
    /** One line of usage. */
    static final String USAGE = "usage: java -jar switchboard.jar add-user [--bcrypt] FILE USER PASSWORD"
            + " [ROLE,...]   (PASSWORD '-' reads it from standard input)";

    private AddUserCommand() {}

    /**
     * Runs the command.
     *
     * @param args   the arguments after the command name
     * @param in     where a PASSWORD of {@code -} is read from
     * @param out    where the one-line report goes
     * @param err    where errors and the usage go
     * @param config the configuration, for {@code switchboard.auth.pbkdf2.iterations}
     * @return the exit status
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, ConfigReader config) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean bcrypt = false;
        if (!rest.isEmpty() && rest.get(0).equals("--bcrypt")) {
            bcrypt = true;
            rest.remove(0);
        }
        if (rest.size() < 3 || rest.size() > 4 || rest.stream().anyMatch(a -> a.startsWith("--"))) {
            return usage(err, rest.size() < 3 ? "missing arguments" : "unexpected arguments");
        }
        Path file;
        try {
            file = Path.of(rest.get(0)).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return usage(err, "not a file path: " + rest.get(0));
        }
        String user = rest.get(1);
        List<String> roles = rest.size() == 4 ? splitRoles(rest.get(3)) : List.of();
        try {
            UsersFiles.requireValidUser(user, roles);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        char[] password;
        try {
            password = rest.get(2).equals("-") ? readPassword(in) : rest.get(2).toCharArray();
        } catch (IOException e) {
            err.println(NAME + ": cannot read the password from standard input: " + e.getMessage());
            return 1;
        }
        String hash;
        try {
            hash = bcrypt
                    ? UsersFiles.hashBcrypt(password)
                    : UsersFiles.hashPbkdf2(
                            password,
                            config.getInt(ConfigKeys.AUTH_PBKDF2_ITERATIONS, UsersFiles.DEFAULT_PBKDF2_ITERATIONS));
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
        UsersFiles.Change change;
        try {
            change = UsersFiles.addOrUpdate(file, user, hash, roles);
        } catch (UsersFiles.MalformedFileException e) {
            err.println(NAME + ": " + file + " is malformed and was not changed:");
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(NAME + ": cannot update " + file + ": " + e);
            return 1;
        }
        out.println((change == UsersFiles.Change.ADDED
                        ? "Added user '" + user + "' to "
                        : "Updated user '" + user + "' in ")
                + file + " (" + (roles.isEmpty() ? "no roles" : "roles: " + String.join(",", roles)) + ")");
        return 0;
    }

    private static List<String> splitRoles(String argument) {
        List<String> roles = new ArrayList<>();
        for (String part : argument.split(",", -1)) {
            String role = part.strip();
            if (!role.isEmpty() && !roles.contains(role)) {
                roles.add(role);
            }
        }
        return roles;
    }

    private static char[] readPassword(InputStream in) throws IOException {
        // Not closed: it is the process's standard input.
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null) {
            throw new IOException("no line to read");
        }
        return line.toCharArray();
    }

    private static int usage(PrintStream err, String problem) {
        err.println(NAME + ": " + problem);
        err.println(USAGE);
        return 2;
    }
}
