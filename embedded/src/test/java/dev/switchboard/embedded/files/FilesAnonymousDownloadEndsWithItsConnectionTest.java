package dev.switchboard.embedded.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.files.FilesClient.Packet;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.protocol.files.FileOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A QoS 2 file the server sends to an anonymous connection ends when the connection is cut: its file is closed, it
 * is not kept, and the next anonymous connection is not sent it again.
 */
class FilesAnonymousDownloadEndsWithItsConnectionTest {

    static final Path spool = FilesTests.spoolDirectory();

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(ReceivedFiles.class)
            .environmentEntry(ConfigKeys.FILES_SPOOL_DIRECTORY, spool.toString()));

    @Test
    void theCutTransferReleasesItsFileAndIsNotResumed() throws Exception {
        int size = 4 << 20;
        Path file = PartialDownload.randomFile(spool, "anonymous-download.bin", size, 31);
        Path marker = PartialDownload.randomFile(spool, "marker.bin", 1000, 32);
        Await.until("the gateway", () -> ReceivedFiles.gateway != null);

        String fileId;
        int before = ReceivedFiles.CONNECTIONS.size();
        try (FilesClient first = FilesClient.connect(node.client(), node.ws("/"))) {
            Await.until("the connection seen", () -> ReceivedFiles.CONNECTIONS.size() > before);
            String id = ReceivedFiles.CONNECTIONS.get(ReceivedFiles.CONNECTIONS.size() - 1);
            fileId = ReceivedFiles.gateway.sendFile(id, file, new FileOptions(2, 64 << 10, ""));
            PartialDownload.receiveUntil(first, size / 4);
            assertThat(ReceivedFiles.gateway.openFiles())
                    .as("files open while sending")
                    .isEqualTo(1);
            first.abort();
        }
        Await.until("the transfer's file closed", () -> ReceivedFiles.gateway.openFiles() == 0);
        assertThat(ReceivedFiles.gateway.keptTransfers()).isZero();

        int again = ReceivedFiles.CONNECTIONS.size();
        try (FilesClient second = FilesClient.connect(node.client(), node.ws("/"))) {
            Await.until("the connection seen", () -> ReceivedFiles.CONNECTIONS.size() > again);
            String id = ReceivedFiles.CONNECTIONS.get(ReceivedFiles.CONNECTIONS.size() - 1);
            // Whatever the server sends the new connection comes before this file's header, so its header arriving
            // first shows that the cut transfer was not taken up again.
            String markerId = ReceivedFiles.gateway.sendFile(id, marker, new FileOptions(2, 64 << 10, ""));
            Packet first = second.next();
            assertThat(first.fileId()).as("the first file packet's FileId").isEqualTo(markerId);
            assertThat(first.fileId()).isNotEqualTo(fileId);
        }
        assertThat(ReceivedFiles.SENT.stream().anyMatch(sent -> sent.fileId().equals(fileId)))
                .as("a file-sent event for the cut transfer")
                .isFalse();
    }
}
