package dev.switchboard.embedded.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.files.FilesClient.Packet;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The QoS 2 timers, shortened to a second: an unanswered {@code sgc@filerec} is sent again, and an interrupted upload
 * nobody resumes within the resume window is deleted, so a later header with its FileId starts from zero.
 */
class FilesQos2RetriesAndForgetsAbandonedUploadsTest {

    static final Path spool = FilesTests.spoolDirectory();

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(ReceivedFiles.class)
            .environmentEntry(ConfigKeys.FILES_SPOOL_DIRECTORY, spool.toString())
            .environmentEntry(ConfigKeys.FILES_QOS_INTERVAL, "1")
            .environmentEntry(ConfigKeys.FILES_QOS_TIMEOUT, "1")
            .environmentEntry(ConfigKeys.FILES_RESUME_WINDOW, "1"));

    @Test
    void anUnansweredFilerecIsSentAgain() throws Exception {
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            client.send(Packet.header(UUID.randomUUID().toString(), "slow.bin", 1000, 100, 2));
            Packet first = client.next("sgc@filerec");
            Packet again = client.next("sgc@filerec");
            assertThat(again.position()).isEqualTo(first.position()).isZero();
        }
    }

    @Test
    void anUploadNotResumedWithinTheWindowIsDeleted() throws Exception {
        String fileId = UUID.randomUUID().toString();
        Packet header = Packet.header(fileId, "abandoned.bin", 1000, 100, 2);
        // Another test's interrupted upload may still be waiting out its window.
        Await.until("an empty spool directory", () -> spoolFiles() == 0);
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            client.send(header);
            client.next("sgc@filerec");
            client.send(header.with("c0", 100, "stmContinue", "sgc@file", new byte[100]));
            assertThat(client.next("sgc@filerec").position()).isEqualTo(100);
            assertThat(spoolFiles()).isEqualTo(1);
            client.abort();
        }
        Await.until("the abandoned spool file deleted", () -> spoolFiles() == 0);

        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            client.send(header);
            assertThat(client.next("sgc@filerec").position())
                    .as("a new transfer")
                    .isZero();
        }
    }

    private static long spoolFiles() throws Exception {
        try (Stream<Path> files = Files.list(spool)) {
            return files.count();
        }
    }
}
