package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCredentialStoreReloadsChangedUsersFileTest {

    @TempDir
    Path directory;

    @Test
    void knownUserWithRightPasswordGetsAPasswordIdentityWithRoles() throws Exception {
        Path file = directory.resolve("users");
        UsersFile.addOrUpdate(
                file, "alice", PasswordHashes.hash("wonderland".toCharArray(), 1000), List.of("admin", "user"));
        FileCredentialStore store = new FileCredentialStore(file);

        Optional<Identity> identity = store.authenticate("alice", "wonderland".toCharArray(), null);

        assertThat(store.enabled()).isTrue();
        assertThat(identity)
                .contains(new Identity("alice", java.util.Set.of("admin", "user"), "password", Optional.empty()));
    }

    @Test
    void wrongPasswordAndUnknownUserGetNothing() throws Exception {
        Path file = directory.resolve("users");
        UsersFile.addOrUpdate(file, "alice", PasswordHashes.hash("wonderland".toCharArray(), 1000), List.of());
        FileCredentialStore store = new FileCredentialStore(file);

        assertThat(store.authenticate("alice", "Wonderland".toCharArray(), null))
                .isEmpty();
        assertThat(store.authenticate("ALICE", "wonderland".toCharArray(), null))
                .isEmpty();
        assertThat(store.authenticate("mallory", "wonderland".toCharArray(), null))
                .isEmpty();
    }

    @Test
    void userAddedWhileRunningCanLogInWithoutRestart() throws Exception {
        Path file = directory.resolve("users");
        UsersFile.addOrUpdate(file, "alice", PasswordHashes.hash("a".toCharArray(), 1000), List.of());
        FileCredentialStore store = new FileCredentialStore(file);
        assertThat(store.authenticate("bob", "b".toCharArray(), null)).isEmpty();

        UsersFile.addOrUpdate(file, "bob", PasswordHashes.hash("b".toCharArray(), 1000), List.of("user"));

        assertThat(store.authenticate("bob", "b".toCharArray(), null))
                .map(Identity::roles)
                .contains(java.util.Set.of("user"));
    }

    @Test
    void changedPasswordOfSameLengthIsPickedUpByModificationTime() throws Exception {
        Path file = directory.resolve("users");
        String first = PasswordHashes.hash("old".toCharArray(), 1000);
        String second = PasswordHashes.hash("new".toCharArray(), 1000);
        Files.writeString(file, "alice:" + first + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        FileCredentialStore store = new FileCredentialStore(file);
        assertThat(store.authenticate("alice", "old".toCharArray(), null)).isPresent();

        // Written in place (same inode, same size), as an editor might: only the time tells.
        Files.writeString(file, "alice:" + second + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:01Z")));

        assertThat(store.authenticate("alice", "old".toCharArray(), null)).isEmpty();
        assertThat(store.authenticate("alice", "new".toCharArray(), null)).isPresent();
    }

    @Test
    void missingFileMeansNoUsersUntilItIsCreated() throws Exception {
        Path file = directory.resolve("users");
        FileCredentialStore store = new FileCredentialStore(file);
        assertThat(store.enabled()).isTrue();
        assertThat(store.authenticate("alice", "a".toCharArray(), null)).isEmpty();

        UsersFile.addOrUpdate(file, "alice", PasswordHashes.hash("a".toCharArray(), 1000), List.of());

        assertThat(store.authenticate("alice", "a".toCharArray(), null)).isPresent();
    }

    @Test
    void malformedFileLetsNobodyInUntilFixed() throws Exception {
        Path file = directory.resolve("users");
        String hash = PasswordHashes.hash("a".toCharArray(), 1000);
        Files.writeString(file, "alice:" + hash + "\n");
        FileCredentialStore store = new FileCredentialStore(file);
        assertThat(store.authenticate("alice", "a".toCharArray(), null)).isPresent();

        Files.writeString(file, "alice:" + hash + "\nbroken line\n");
        assertThat(store.authenticate("alice", "a".toCharArray(), null)).isEmpty();

        Files.writeString(file, "alice:" + hash + "\n# fixed\n");
        assertThat(store.authenticate("alice", "a".toCharArray(), null)).isPresent();
    }

    @Test
    void plainTextEntryNeverMatches() throws Exception {
        Path file = directory.resolve("users");
        Files.writeString(file, "bob:hunter2\n");
        FileCredentialStore store = new FileCredentialStore(file);

        assertThat(store.authenticate("bob", "hunter2".toCharArray(), null)).isEmpty();
    }

    @Test
    void bcryptEntriesAreAccepted() throws Exception {
        Path file = directory.resolve("users");
        UsersFile.addOrUpdate(file, "carol", PasswordHashes.hashBcrypt("c".toCharArray(), 4), List.of("ops"));

        assertThat(new FileCredentialStore(file).authenticate("carol", "c".toCharArray(), null))
                .map(Identity::roles)
                .contains(java.util.Set.of("ops"));
    }

    @Test
    void storeWithoutFileIsDisabled() {
        FileCredentialStore store = new FileCredentialStore(null);

        assertThat(store.enabled()).isFalse();
        assertThat(store.authenticate("alice", "a".toCharArray(), null)).isEmpty();
    }
}
