package dev.switchboard.auth.internal;

import dev.switchboard.api.Identity;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.spi.ChallengeKey;
import dev.switchboard.spi.CredentialStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Checks passwords against the {@linkplain UsersFile users file} named by {@code switchboard.auth.users}; enabled
 * when that key is set. Asked first of the built-in stores.
 *
 * <p>The file is read at startup and again whenever its modification time, size or identity (a file moved over it
 * gets a new one) has changed since the last read, looked at on every authentication: a user added while the
 * server runs can log in at once. A missing file means no users; a malformed file means no users either, until it
 * is fixed (refusing everyone is safer than going on with a version that might still hold a removed user), and is
 * logged once per version with every malformed line.
 *
 * <p>Identities carry the file's roles and the method {@code password}, with no expiry.
 */
@ApplicationScoped
@Priority(100)
public class FileCredentialStore implements CredentialStore {

    /** The {@link Identity#method()} of identities from this store. */
    public static final String METHOD = "password";

    private static final System.Logger LOG = System.getLogger(FileCredentialStore.class.getName());

    private Path file;
    private final ReentrantLock reloadLock = new ReentrantLock();
    private volatile Snapshot snapshot;
    private final AtomicLong loads = new AtomicLong();

    /** What was read from the file, the file's state when it was read, and a hash whose cost unknown users pay. */
    private record Snapshot(Optional<FileVersion> state, UsersFile users, String dummyTemplate, long revision) {}

    @Inject
    ConfigReader config;

    /** For CDI; {@link #start()} reads the injected configuration. */
    protected FileCredentialStore() {}

    /**
     * Creates a store outside CDI and reads the file once.
     *
     * @param file the users file; null for a disabled store
     */
    public FileCredentialStore(Path file) {
        configure(file);
    }

    @PostConstruct
    void start() {
        configure(config.get(ConfigKeys.AUTH_USERS).map(Path::of).orElse(null));
    }

    private void configure(Path usersFile) {
        this.file = usersFile;
        this.snapshot = null;
        if (usersFile != null) {
            current();
            LOG.log(
                    System.Logger.Level.INFO,
                    "Users file {0}: {1} users",
                    usersFile,
                    snapshot.users().entries().size());
        }
    }

    /**
     * True when {@code switchboard.auth.users} names a file.
     *
     * @return whether the store is configured
     */
    @Override
    public boolean enabled() {
        return file != null;
    }

    /**
     * Counts the versions of the file read so far: it changes whenever the file has, looked at now.
     *
     * @return the number of the version in force; 0 for a disabled store
     */
    @Override
    public long revision() {
        return file == null ? 0L : current().revision();
    }

    @Override
    public Optional<Identity> authenticate(String user, char[] password, HttpServletRequest request) {
        if (file == null || user == null || password == null) {
            return Optional.empty();
        }
        Snapshot users = current();
        Optional<UsersFile.Entry> entry = users.users().find(user);
        if (entry.isEmpty()) {
            PasswordHashes.verifyUnknownUser(password, users.dummyTemplate());
            return Optional.empty();
        }
        if (!PasswordHashes.verify(password, entry.get().hash())) {
            return Optional.empty();
        }
        return Optional.of(
                new Identity(entry.get().name(), new LinkedHashSet<>(entry.get().roles()), METHOD, Optional.empty()));
    }

    @Override
    public Optional<ChallengeKey> challengeKey(String user) {
        if (file == null || user == null) {
            return Optional.empty();
        }
        return current()
                .users()
                .find(user)
                .flatMap(entry -> PasswordHashes.derived(entry.hash())
                        .map(derived -> new ChallengeKey(
                                derived.salt(),
                                derived.iterations(),
                                derived.key(),
                                new Identity(
                                        entry.name(), new LinkedHashSet<>(entry.roles()), METHOD, Optional.empty()))));
    }

    /** The snapshot of the file as it is now, reading it again when it changed. */
    private Snapshot current() {
        Snapshot known = snapshot;
        if (known != null && stateOrKnown(known).equals(known.state())) {
            return known;
        }
        reloadLock.lock();
        try {
            known = snapshot;
            Optional<FileVersion> state = known == null ? stateOrEmpty() : stateOrKnown(known);
            if (known != null && state.equals(known.state())) {
                return known;
            }
            snapshot = load(state, known != null);
            return snapshot;
        } finally {
            reloadLock.unlock();
        }
    }

    private Optional<FileVersion> stateOrEmpty() {
        try {
            return FileVersion.of(file);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<FileVersion> stateOrKnown(Snapshot known) {
        try {
            return FileVersion.of(file);
        } catch (IOException e) {
            // An unreadable directory entry: keep what we have rather than re-read on every request.
            return known.state();
        }
    }

    private Snapshot load(Optional<FileVersion> state, boolean reload) {
        UsersFile users = UsersFile.parse(List.of(), file.toString());
        if (state.isEmpty()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Users file {0} does not exist; no user can log in with a password"
                            + " until it is created (java -jar switchboard.jar add-user {0} USER PASSWORD)",
                    file);
        } else {
            try {
                users = UsersFile.read(file);
                for (String warning : users.warnings()) {
                    LOG.log(System.Logger.Level.WARNING, warning);
                }
                if (reload) {
                    LOG.log(
                            System.Logger.Level.INFO,
                            "Users file {0} changed: {1} users",
                            file,
                            users.entries().size());
                }
            } catch (UsersFileException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Users file " + file + " is malformed; no user can log in with a"
                                + " password until it is fixed:\n" + e.getMessage());
            } catch (IOException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Users file " + file + " cannot be read (" + e
                                + "); no user can log in with a password until it can");
            }
        }
        // Unknown users cost what the file's own hashes cost, so timing does not tell them from known ones.
        String template = users.entries().stream()
                .map(UsersFile.Entry::hash)
                .filter(PasswordHashes::isSupported)
                .findFirst()
                .orElse(null);
        return new Snapshot(state, users, template, loads.incrementAndGet());
    }
}
