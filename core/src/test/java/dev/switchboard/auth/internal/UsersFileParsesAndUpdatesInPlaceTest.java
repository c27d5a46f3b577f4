package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileParsesAndUpdatesInPlaceTest {

    private static final String HASH = PasswordHashes.hash("pw".toCharArray(), 1000);

    @TempDir
    Path directory;

    @Test
    void parsesUsersRolesCommentsAndBlankLines() {
        UsersFile users = UsersFile.parse(
                List.of(
                        "# users",
                        "",
                        "alice:" + HASH + ":admin, user",
                        "   # indented comment",
                        " bob : " + HASH + " ",
                        "carol:" + HASH + ":"),
                "users");

        assertThat(users.entries()).extracting(UsersFile.Entry::name).containsExactly("alice", "bob", "carol");
        assertThat(users.find("alice").orElseThrow().roles()).containsExactly("admin", "user");
        assertThat(users.find("alice").orElseThrow().line()).isEqualTo(3);
        assertThat(users.find("bob").orElseThrow().hash()).isEqualTo(HASH);
        assertThat(users.find("bob").orElseThrow().roles()).isEmpty();
        assertThat(users.find("carol").orElseThrow().roles()).isEmpty();
        assertThat(users.find("Alice")).isEmpty();
        assertThat(users.warnings()).isEmpty();
    }

    @Test
    void malformedLinesAreAllReportedWithTheirNumbers() {
        assertThatThrownBy(() -> UsersFile.parse(
                        List.of(
                                "alice:" + HASH,
                                "no separator here",
                                "bad name:" + HASH,
                                "dave:",
                                "eve:" + HASH + ":ok,bad role",
                                "alice:" + HASH,
                                "x:y:z:w"),
                        "users.txt"))
                .isInstanceOfSatisfying(
                        UsersFileException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "users.txt:2: expected name:hash or name:hash:role1,role2, found 0 ':' separators",
                                        "users.txt:3: user name 'bad name' contains a space; ':', ',', whitespace and control"
                                                + " characters are not allowed",
                                        "users.txt:4: user 'dave' has no password hash",
                                        "users.txt:5: role 'bad role' contains a space; ':', ',', whitespace and control"
                                                + " characters are not allowed",
                                        "users.txt:6: user 'alice' is already defined on line 1",
                                        "users.txt:7: expected name:hash or name:hash:role1,role2, found 3 ':' separators"));
    }

    @Test
    void controlCharactersInNamesAreRefused() {
        assertThatThrownBy(() -> UsersFile.parse(List.of("al\u0007ice:" + HASH), "f"))
                .hasMessageContaining("f:1: user name 'al?ice' contains U+0007");
        assertThatThrownBy(() -> UsersFile.requireValidName("a\tb")).hasMessageContaining("a tab");
    }

    @Test
    void plainTextPasswordIsWarnedAboutWithoutRepeatingIt() {
        UsersFile users = UsersFile.parse(List.of("alice:" + HASH, "bob:hunter2:user"), "users.txt");

        assertThat(users.find("bob")).isPresent();
        assertThat(users.warnings())
                .singleElement()
                .asString()
                .startsWith("users.txt:2: the password of user 'bob' is not a supported hash")
                .contains("plain-text passwords are refused")
                .doesNotContain("hunter2");
    }

    @Test
    void addCreatesAnOwnerOnlyFile() throws Exception {
        Path file = directory.resolve("conf/users");

        assertThat(UsersFile.addOrUpdate(file, "alice", HASH, List.of("admin", "user")))
                .isEqualTo(UsersFile.Change.ADDED);

        assertThat(Files.readString(file)).isEqualTo("alice:" + HASH + ":admin,user\n");
        if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertThat(Files.getPosixFilePermissions(file))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        // No temporary file is left behind; the lock file that serialises updates stays, private too.
        Path lock = file.resolveSibling("." + file.getFileName() + ".lock");
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left).containsExactlyInAnyOrder(file, lock);
        }
        if (Files.getFileAttributeView(lock, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertThat(Files.getPosixFilePermissions(lock))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void updateReplacesOnlyTheUsersLineAndKeepsCommentsAndPermissions() throws Exception {
        Path file = directory.resolve("users");
        Files.writeString(
                file, "# team\nalice:" + HASH + ":admin\n\n# ops\nbob:" + HASH + "\n", StandardCharsets.UTF_8);
        boolean posix = Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null;
        if (posix) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        }
        String newHash = PasswordHashes.hash("new".toCharArray(), 1000);

        assertThat(UsersFile.addOrUpdate(file, "alice", newHash, List.of())).isEqualTo(UsersFile.Change.UPDATED);
        assertThat(UsersFile.addOrUpdate(file, "carol", newHash, List.of("user")))
                .isEqualTo(UsersFile.Change.ADDED);

        assertThat(Files.readAllLines(file))
                .containsExactly(
                        "# team", "alice:" + newHash, "", "# ops", "bob:" + HASH, "carol:" + newHash + ":user");
        if (posix) {
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        }
        UsersFile reread = UsersFile.read(file);
        assertThat(PasswordHashes.verify(
                        "new".toCharArray(), reread.find("alice").orElseThrow().hash()))
                .isTrue();
    }

    @Test
    void malformedFileIsLeftUntouchedByAnUpdate() throws Exception {
        Path file = directory.resolve("users");
        Files.writeString(file, "alice " + HASH + "\n");

        assertThatThrownBy(() -> UsersFile.addOrUpdate(file, "bob", HASH, List.of()))
                .isInstanceOf(UsersFileException.class)
                .hasMessageContaining(":1:");
        assertThat(Files.readString(file)).isEqualTo("alice " + HASH + "\n");
    }

    @Test
    void invalidNamesRolesAndHashesAreNotWritten() {
        Path file = directory.resolve("users");

        assertThatThrownBy(() -> UsersFile.addOrUpdate(file, "a:b", HASH, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("':'");
        assertThatThrownBy(() -> UsersFile.addOrUpdate(file, "a", HASH, List.of("x y")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("role");
        assertThatThrownBy(() -> UsersFile.addOrUpdate(file, "a", "plain", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format");
        assertThat(file).doesNotExist();
    }
}
