package dev.switchboard.embedded.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.files.FilesClient.Packet;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.BasicAuth;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.protocol.files.FileOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An interrupted QoS 2 download kept for a logged-in user is dropped, and its file closed, when the user does not
 * come back within {@code switchboard.files.download-resume-window}; a later connection of the user is not sent it.
 */
class FilesKeptDownloadIsDroppedAfterTheResumeWindowTest {

    static final Path spool = FilesTests.spoolDirectory();

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(ReceivedFiles.class)
            .environmentEntry(ConfigKeys.FILES_SPOOL_DIRECTORY, spool.toString())
            .environmentEntry(ConfigKeys.FILES_DOWNLOAD_RESUME_WINDOW, "3")
            .environmentEntry(ConfigKeys.AUTH_USERS, PartialDownload.usersFile().toString()));

    static final Map<String, String> CAROL = BasicAuth.basic(PartialDownload.USER, PartialDownload.PASSWORD);

    @Test
    void theKeptTransferIsDroppedWhenTheWindowPasses() throws Exception {
        int size = 4 << 20;
        Path file = PartialDownload.randomFile(spool, "expiring-download.bin", size, 41);
        Path marker = PartialDownload.randomFile(spool, "marker.bin", 1000, 42);
        Await.until("the gateway", () -> ReceivedFiles.gateway != null);

        String fileId;
        int before = ReceivedFiles.CONNECTIONS.size();
        try (FilesClient first = FilesClient.connect(node.client(), node.ws("/"), CAROL)) {
            Await.until("the connection seen", () -> ReceivedFiles.CONNECTIONS.size() > before);
            String id = ReceivedFiles.CONNECTIONS.get(ReceivedFiles.CONNECTIONS.size() - 1);
            fileId = ReceivedFiles.gateway.sendFile(id, file, new FileOptions(2, 64 << 10, ""));
            PartialDownload.receiveUntil(first, size / 4);
            first.abort();
        }
        // Kept first (the window is three seconds, far more than the close takes to be seen), then dropped.
        Await.until("the transfer kept", () -> ReceivedFiles.gateway.keptTransfers() == 1);
        Await.until(
                "the transfer dropped and its file closed",
                () -> ReceivedFiles.gateway.keptTransfers() == 0 && ReceivedFiles.gateway.openFiles() == 0);

        int again = ReceivedFiles.CONNECTIONS.size();
        try (FilesClient second = FilesClient.connect(node.client(), node.ws("/"), CAROL)) {
            Await.until("the connection seen", () -> ReceivedFiles.CONNECTIONS.size() > again);
            String id = ReceivedFiles.CONNECTIONS.get(ReceivedFiles.CONNECTIONS.size() - 1);
            String markerId = ReceivedFiles.gateway.sendFile(id, marker, new FileOptions(2, 64 << 10, ""));
            Packet first = second.next();
            assertThat(first.fileId()).as("the first file packet's FileId").isEqualTo(markerId);
        }
        assertThat(ReceivedFiles.SENT.stream().anyMatch(sent -> sent.fileId().equals(fileId)))
                .as("a file-sent event for the dropped transfer")
                .isFalse();
    }
}
