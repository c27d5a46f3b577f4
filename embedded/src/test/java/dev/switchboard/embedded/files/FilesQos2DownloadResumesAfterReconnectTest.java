package dev.switchboard.embedded.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.BasicAuth;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.protocol.files.FileOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A QoS 2 file the server sends to a logged-in user, whose connection is cut half-way, goes on when the user
 * connects again: the header arrives again on the new connection, the client answers {@code sgc@filerec} at the size
 * it holds, and only the rest is sent.
 */
class FilesQos2DownloadResumesAfterReconnectTest {

    static final Path spool = FilesTests.spoolDirectory();

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(ReceivedFiles.class)
            .environmentEntry(ConfigKeys.FILES_SPOOL_DIRECTORY, spool.toString())
            .environmentEntry(ConfigKeys.AUTH_USERS, PartialDownload.usersFile().toString()));

    static final Map<String, String> CAROL = BasicAuth.basic(PartialDownload.USER, PartialDownload.PASSWORD);

    @Test
    void theNextConnectionOfTheUserReceivesOnlyTheRestAndTheFileArrivesWhole() throws Exception {
        int size = 4 << 20;
        Path file = PartialDownload.randomFile(spool, "resumed-download.bin", size, 21);
        Await.until("the gateway", () -> ReceivedFiles.gateway != null);

        PartialDownload download;
        String fileId;
        int before = ReceivedFiles.CONNECTIONS.size();
        try (FilesClient first = FilesClient.connect(node.client(), node.ws("/"), CAROL)) {
            Await.until("the connection seen", () -> ReceivedFiles.CONNECTIONS.size() > before);
            String id = ReceivedFiles.CONNECTIONS.get(ReceivedFiles.CONNECTIONS.size() - 1);
            fileId = ReceivedFiles.gateway.sendFile(id, file, new FileOptions(2, 64 << 10, "resume me"));
            download = PartialDownload.receiveUntil(first, size / 4);
            assertThat(ReceivedFiles.gateway.openFiles())
                    .as("files open while sending")
                    .isEqualTo(1);
            first.abort();
        }
        long held = download.held.size();
        assertThat(held).isBetween((long) size / 4, (long) size - 1);
        Await.until("the transfer kept for carol", () -> ReceivedFiles.gateway.keptTransfers() == 1);
        assertThat(ReceivedFiles.gateway.openFiles())
                .as("the kept transfer's file")
                .isEqualTo(1);

        long receivedAfterCut;
        try (FilesClient second = FilesClient.connect(node.client(), node.ws("/"), CAROL)) {
            receivedAfterCut = download.resume(second);
            Await.until(
                    "the file-sent event",
                    () -> ReceivedFiles.SENT.stream()
                            .anyMatch(sent -> sent.fileId().equals(fileId)));
        }
        assertThat(download.held.size()).isEqualTo(size);
        assertThat(FilesClient.sha256(download.held.toByteArray()))
                .isEqualTo(FilesClient.sha256(Files.readAllBytes(file)));
        assertThat(receivedAfterCut)
                .as("bytes sent again after the cut")
                .isEqualTo(size - held)
                .isLessThan(size);
        Await.until(
                "nothing kept or open",
                () -> ReceivedFiles.gateway.keptTransfers() == 0 && ReceivedFiles.gateway.openFiles() == 0);
    }
}
