package dev.switchboard.embedded.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.files.FilesClient.Packet;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.BasicAuth;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.protocol.files.FileOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * The scenario of the kept-download bounds: two QoS 2 files sent to a logged-in user, both cut before they arrive,
 * with room for one kept transfer; the older is dropped with its file, the newer resumes.
 */
final class KeptDownloadBounds {

    private KeptDownloadBounds() {}

    static void theOlderOfTwoInterruptedDownloadsIsDropped(RunningNode node, Path spool) throws Exception {
        Map<String, String> carol = BasicAuth.basic(PartialDownload.USER, PartialDownload.PASSWORD);
        Path older = PartialDownload.randomFile(spool, "older.bin", 1 << 20, 51);
        Path newer = PartialDownload.randomFile(spool, "newer.bin", 1 << 20, 52);
        Await.until("the gateway", () -> ReceivedFiles.gateway != null);

        String olderId;
        String newerId;
        int before = ReceivedFiles.CONNECTIONS.size();
        try (FilesClient first = FilesClient.connect(node.client(), node.ws("/"), carol)) {
            Await.until("the connection seen", () -> ReceivedFiles.CONNECTIONS.size() > before);
            String id = ReceivedFiles.CONNECTIONS.get(ReceivedFiles.CONNECTIONS.size() - 1);
            olderId = ReceivedFiles.gateway.sendFile(id, older, new FileOptions(2, 64 << 10, ""));
            newerId = ReceivedFiles.gateway.sendFile(id, newer, new FileOptions(2, 64 << 10, ""));
            // Both headers arrive and go unanswered: the network fails before the client can ask for data.
            assertThat(first.next().fileId()).isEqualTo(olderId);
            assertThat(first.next().fileId()).isEqualTo(newerId);
            assertThat(ReceivedFiles.gateway.openFiles()).isEqualTo(2);
            first.abort();
        }
        Await.until(
                "one transfer kept, one dropped with its file",
                () -> ReceivedFiles.gateway.keptTransfers() == 1 && ReceivedFiles.gateway.openFiles() == 1);

        try (FilesClient second = FilesClient.connect(node.client(), node.ws("/"), carol)) {
            Packet again = second.next();
            assertThat(again.fileId()).as("the transfer resumed").isEqualTo(newerId);
            assertThat(again.streaming()).isEqualTo("stmNone");
        }
    }
}
