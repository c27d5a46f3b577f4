package dev.switchboard.embedded.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.event.FileUploadDecision;
import dev.switchboard.api.event.FileUploadEvent;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.files.FilesClient.Packet;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.spi.FileUploadHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every refusal of the Files protocol reaches the client as {@code sgc@file_sent_error} with its reason (or, for a
 * packet that cannot be framed, as a close code), stores nothing, and leaves the server serving the next client.
 */
class FilesRefusalsKeepTheServerServingTest {

    static final Path spool = FilesTests.spoolDirectory();

    /** The application's veto: names starting with {@code vetoed} are refused. */
    @ApplicationScoped
    public static class Veto implements FileUploadHandler {
        @Override
        public FileUploadDecision onBeforeFile(FileUploadEvent event) {
            return event.fileName().startsWith("vetoed")
                    ? FileUploadDecision.reject("no vetoed files here")
                    : FileUploadDecision.allow();
        }
    }

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(ReceivedFiles.class, Veto.class)
            .environmentEntry(ConfigKeys.FILES_SPOOL_DIRECTORY, spool.toString())
            .environmentEntry(ConfigKeys.FILES_MAX_FILE_BYTES, Integer.toString(2 << 20))
            .environmentEntry(ConfigKeys.FILES_ANONYMOUS_MAX_FILE_BYTES, Integer.toString(1 << 20))
            .environmentEntry(ConfigKeys.FILES_MAX_CHUNK_BYTES, Integer.toString(64 << 10))
            .environmentEntry(ConfigKeys.FILES_MAX_TRANSFERS_PER_USER, "2")
            .environmentEntry(ConfigKeys.FILES_MAX_SPOOL_BYTES_PER_USER, Integer.toString(3 << 19)));

    /** After every refusal another client still uploads a file whole. */
    @AfterEach
    void anotherClientIsServed() throws Exception {
        byte[] content = new byte[100_000];
        new Random(1).nextBytes(content);
        String name = "after-" + UUID.randomUUID() + ".bin";
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            client.upload(UUID.randomUUID().toString(), name, content, 16 << 10, 1);
        }
        ReceivedFiles.Received received = Await.value(
                "the next client's file",
                () -> ReceivedFiles.RECEIVED.stream()
                        .filter(r -> r.fileName().equals(name))
                        .findFirst()
                        .orElse(null),
                r -> r != null);
        assertThat(received.sha256()).isEqualTo(FilesClient.sha256(content));
        Await.until("the spool directory empty", () -> {
            try (Stream<Path> left = Files.list(spool)) {
                return left.findAny().isEmpty();
            }
        });
    }

    private static String refusal(FilesClient client) throws InterruptedException {
        Packet packet = client.next();
        assertThat(packet.method()).as("the answer to a refused packet").isEqualTo("sgc@file_sent_error");
        return packet.text();
    }

    @Test
    void aFileOverTheAnonymousSizeLimitIsRefused() throws Exception {
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            client.send(Packet.header("big", "big.bin", (1 << 20) + 1, 65536, 1));
            assertThat(refusal(client)).startsWith("file too large").endsWith("at most 1048576 without login");
        }
    }

    @Test
    void aThirdTransferAtOnceIsRefused() throws Exception {
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            client.send(Packet.header("t1", "one.bin", 10, 10, 1));
            assertThat(client.next().method()).isEqualTo("sgc@acknowledgment");
            client.send(Packet.header("t2", "two.bin", 10, 10, 1));
            assertThat(client.next().method()).isEqualTo("sgc@acknowledgment");
            client.send(Packet.header("t3", "three.bin", 10, 10, 1));
            assertThat(refusal(client)).startsWith("too many transfers");
        }
    }

    @Test
    void uploadsOverTheSpoolQuotaAreRefused() throws Exception {
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            client.send(Packet.header("q1", "one.bin", 1 << 20, 65536, 1));
            assertThat(client.next().method()).isEqualTo("sgc@acknowledgment");
            client.send(Packet.header("q2", "two.bin", 1 << 20, 65536, 1));
            assertThat(refusal(client)).startsWith("spool quota exceeded");
        }
    }

    @Test
    void aChunkOverTheLimitIsRefusedAndItsPartialFileDeleted() throws Exception {
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            Packet header = Packet.header("chunky", "chunky.bin", 200_000, 100_000, 1);
            client.send(header);
            assertThat(client.next().method()).isEqualTo("sgc@acknowledgment");
            client.send(header.with("c1", 100_000, "stmContinue", "sgc@file", new byte[100_000]));
            assertThat(refusal(client)).startsWith("chunk too big");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "..\\x", "/etc/passwd", "C:\\Windows\\win.ini", "a\u0000b", "..", "."})
    void aNameThatIsNotOnePlainPathElementIsRefused(String name) throws Exception {
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            client.send(Packet.header("n-" + UUID.randomUUID(), name, 10, 10, 1));
            assertThat(refusal(client)).startsWith("the file name");
        }
    }

    @Test
    void anApplicationVetoRejectsTheFile() throws Exception {
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            client.send(Packet.header("v", "vetoed.txt", 10, 10, 2));
            assertThat(refusal(client)).isEqualTo("file rejected: no vetoed files here");
        }
        assertThat(ReceivedFiles.RECEIVED).noneMatch(r -> r.fileName().equals("vetoed.txt"));
    }

    @Test
    void aHeaderWithTheWrongFieldCountGetsAnError() throws Exception {
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            byte[] header = "id|file|name.bin|10|0|10|stmNone|qosLevel1|sgc@file".getBytes(StandardCharsets.UTF_8);
            client.sendRaw(FilesClient.concat(
                    String.format("%010d", header.length).getBytes(StandardCharsets.US_ASCII), header));
            assertThat(refusal(client)).startsWith("Error decoding message");
        }
    }

    @Test
    void aNonNumericFileSizeGetsAnError() throws Exception {
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            Packet header = Packet.header("nn", "n.bin", 10, 10, 1);
            java.util.List<String> fields = new java.util.ArrayList<>(header.fields());
            fields.set(3, "1e3");
            client.send(new Packet(fields, new byte[0]));
            assertThat(refusal(client)).startsWith("FileSize");
        }
    }

    @Test
    void aLengthPrefixThatIsNotDigitsClosesTheConnection() throws Exception {
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            client.sendRaw("00000x0012id|a|b|c".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void aHeaderOverEightKilobytesClosesTheConnection() throws Exception {
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            byte[] header = new byte[9000];
            java.util.Arrays.fill(header, (byte) 'a');
            client.sendRaw(FilesClient.concat("0000009000".getBytes(StandardCharsets.US_ASCII), header));
            assertThat(client.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        }
    }
}
