package dev.switchboard.embedded.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.files.FilesClient.Packet;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A QoS 2 upload whose connection is cut half-way resumes on a new connection: the header sent again with the same
 * FileId is answered with {@code sgc@filerec} at the last acknowledged position, and the rest completes the file.
 */
class FilesQos2UploadResumesAfterReconnectTest {

    static final Path spool = FilesTests.spoolDirectory();

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(ReceivedFiles.class)
            .environmentEntry(ConfigKeys.FILES_SPOOL_DIRECTORY, spool.toString()));

    @Test
    void theSecondConnectionContinuesFromTheLastAcknowledgedPosition() throws Exception {
        byte[] content = new byte[4 << 20];
        new Random(7).nextBytes(content);
        int buffer = 64 << 10;
        String fileId = UUID.randomUUID().toString();
        Packet header = Packet.header(fileId, "resumed.bin", content.length, buffer, 2);

        long acknowledged;
        try (FilesClient first = FilesClient.connect(node.client(), node.ws("/"))) {
            first.send(header);
            long position = first.next("sgc@filerec").position();
            for (int i = 0; i < 20; i++) {
                first.send(header.with(
                        "a" + i, position + buffer, "stmContinue", "sgc@file", slice(content, position, buffer)));
                position = first.next("sgc@filerec").position();
            }
            acknowledged = position;
            // One more chunk goes out unanswered, then the network fails.
            first.send(header.with(
                    "lost", position + buffer, "stmContinue", "sgc@file", slice(content, position, buffer)));
            first.abort();
        }
        assertThat(acknowledged).isEqualTo(20L * buffer);

        try (FilesClient second = FilesClient.connect(node.client(), node.ws("/"))) {
            second.send(header);
            long position = second.next("sgc@filerec").position();
            assertThat(position).isBetween(acknowledged, acknowledged + buffer);
            int n = 0;
            while (true) {
                int length = (int) Math.min(buffer, content.length - position);
                long after = position + length;
                boolean last = after == content.length;
                second.send(header.with(
                        "b" + n++,
                        after,
                        last ? "stmLast" : "stmContinue",
                        "sgc@file",
                        slice(content, position, length)));
                if (last) {
                    break;
                }
                position = second.next("sgc@filerec").position();
            }
            second.next("sgc@file_received");
        }
        ReceivedFiles.Received received = Await.value(
                "the file-received event",
                () -> ReceivedFiles.RECEIVED.stream()
                        .filter(r -> r.fileName().equals("resumed.bin"))
                        .findFirst()
                        .orElse(null),
                r -> r != null);
        assertThat(received.sha256()).isEqualTo(FilesClient.sha256(content));
    }

    @Test
    void aClientThatMissedTheConfirmationIsToldAgainAndNothingIsStoredTwice() throws Exception {
        byte[] content = new byte[200 << 10];
        new Random(11).nextBytes(content);
        int buffer = 64 << 10;
        String fileId = UUID.randomUUID().toString();
        Packet header = Packet.header(fileId, "confirmed-twice.bin", content.length, buffer, 2);
        Packet last = null;
        try (FilesClient first = FilesClient.connect(node.client(), node.ws("/"))) {
            first.send(header);
            long position = first.next("sgc@filerec").position();
            int n = 0;
            while (true) {
                int length = (int) Math.min(buffer, content.length - position);
                long after = position + length;
                boolean end = after == content.length;
                Packet chunk = header.with(
                        "c" + n++,
                        after,
                        end ? "stmLast" : "stmContinue",
                        "sgc@file",
                        slice(content, position, length));
                first.send(chunk);
                if (end) {
                    last = chunk;
                    break;
                }
                position = first.next("sgc@filerec").position();
            }
            // The server completes the file, and the connection fails before the client reads the confirmation.
            Await.until(
                    "the file-received event",
                    () -> ReceivedFiles.RECEIVED.stream()
                            .anyMatch(r -> r.fileName().equals("confirmed-twice.bin")));
            first.abort();
        }

        try (FilesClient second = FilesClient.connect(node.client(), node.ws("/"))) {
            second.send(last);
            assertThat(second.next("sgc@file_received").position()).isEqualTo(content.length);
            second.send(header);
            assertThat(second.next("sgc@file_received").position()).isEqualTo(content.length);
        }
        assertThat(ReceivedFiles.RECEIVED.stream().filter(r -> r.fileName().equals("confirmed-twice.bin")))
                .as("one file-received event")
                .hasSize(1);
    }

    private static byte[] slice(byte[] content, long from, int length) {
        byte[] chunk = new byte[length];
        System.arraycopy(content, (int) from, chunk, 0, length);
        return chunk;
    }
}
