package dev.switchboard.embedded.auth;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes users files for the tests, with few PBKDF2 iterations so that tests stay fast. */
public final class Users {

    private Users() {}

    public static Path add(Path file, String user, String password, String... roles) throws IOException {
        UsersFile.addOrUpdate(file, user, PasswordHashes.hash(password.toCharArray(), 1_000), List.of(roles));
        return file;
    }
}
