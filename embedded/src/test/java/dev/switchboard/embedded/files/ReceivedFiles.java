package dev.switchboard.embedded.files;

import dev.switchboard.api.event.ConnectEvent;
import dev.switchboard.api.event.FileReceivedEvent;
import dev.switchboard.api.event.FileSentEvent;
import dev.switchboard.protocol.files.FilesGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The application side of the Files tests: records every received file with the SHA-256 of its spooled bytes (read
 * during the event, before the spool file is removed), every sent file, every Files connection, and hands the
 * tests the {@link FilesGateway}.
 */
@ApplicationScoped
public class ReceivedFiles {

    /** One received file. */
    record Received(String fileName, long fileSize, String sha256, String path) {}

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    static final List<FileSentEvent> SENT = new CopyOnWriteArrayList<>();
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
        RECEIVED.add(new Received(
                event.fileName(),
                event.fileSize(),
                FilesClient.sha256(Files.readAllBytes(event.path())),
                event.path().toString()));
    }

    void sent(@Observes FileSentEvent event) {
        SENT.add(event);
    }
}
