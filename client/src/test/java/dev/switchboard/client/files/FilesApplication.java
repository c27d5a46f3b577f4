package dev.switchboard.client.files;

import dev.switchboard.api.event.ConnectEvent;
import dev.switchboard.api.event.FileReceivedEvent;
import dev.switchboard.protocol.files.FilesGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server application of the Files client tests: records every file the server received with the SHA-256 of its
 * spooled bytes (read during the event, before the spool file is removed), every Files connection, and hands the
 * tests the {@link FilesGateway}.
 */
@ApplicationScoped
public class FilesApplication {

    /** One file the server received. */
    public record Received(String fileName, long fileSize, String sha256) {}

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    static final List<String> CONNECTIONS = new CopyOnWriteArrayList<>();
    static volatile FilesGateway gateway;

    @Inject
    FilesGateway injected;

    void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
        gateway = injected;
    }

    void connected(@Observes ConnectEvent event) {
        if (event.connection()
                .subprotocol()
                .filter(FilesClient.SUBPROTOCOL::equals)
                .isPresent()) {
            CONNECTIONS.add(event.connection().id());
        }
    }

    void received(@Observes FileReceivedEvent event) throws Exception {
        RECEIVED.add(new Received(event.fileName(), event.fileSize(), sha256(Files.readAllBytes(event.path()))));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The SHA-256 of a file, read in blocks. */
    static String sha256(java.nio.file.Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] block = new byte[64 << 10];
            for (int n; (n = in.read(block)) > 0; ) {
                digest.update(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A file of random bytes. */
    static java.nio.file.Path randomFile(java.nio.file.Path directory, String name, int size, long seed)
            throws Exception {
        byte[] content = new byte[size];
        new java.util.Random(seed).nextBytes(content);
        return Files.write(directory.resolve(name), content);
    }

    /** The file the server received under a name, once it did. */
    static Received receivedAs(String name) {
        return dev.switchboard.client.testing.Await.value(
                "the server's file-received event for " + name,
                () -> RECEIVED.stream()
                        .filter(r -> r.fileName().equals(name))
                        .findFirst()
                        .orElse(null),
                r -> r != null);
    }
}
