package dev.switchboard.client.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A multi-megabyte file uploaded with the Java client arrives byte for byte at QoS 0, 1 and 2 (the server's
 * file-received event sees the same SHA-256), and a file the server refuses fails the upload with the server's text.
 */
class UploadsArriveWholeAtEveryQosTest {

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dir.resolve("spool"));
        server = TestServers.start(builder -> builder.beanClasses(FilesApplication.class)
                .environmentEntry(
                        ConfigKeys.FILES_SPOOL_DIRECTORY, dir.resolve("spool").toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    private static FilesClient connect() throws Exception {
        FilesClient client =
                FilesClient.connect(LinkOptions.builder(TestServers.ws(server)), dir, new FilesListener() {});
        client.ready().get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void aSixMebibyteFileArrivesWithTheSameSha256(int qos) throws Exception {
        String name = "upload-qos" + qos + ".bin";
        Path file = FilesApplication.randomFile(dir, name, 6 << 20, 40 + qos);
        try (FilesClient client = connect()) {
            String fileId = client.upload(
                            file, FileOptions.DEFAULTS.withQos(qos).withData("about it"))
                    .get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);

            assertThat(fileId).isNotEmpty();
            FilesApplication.Received received = FilesApplication.receivedAs(name);
            assertThat(received.fileSize()).isEqualTo(6 << 20);
            assertThat(received.sha256()).isEqualTo(FilesApplication.sha256(file));
        }
    }

    @Test
    void aFileTooLargeForTheServerFailsTheUploadWithTheServersText() throws Exception {
        // Above the server's 16 MiB limit for connections without login; sparse, so nothing is written.
        Path file = dir.resolve("too-large.bin");
        try (var out = java.nio.channels.FileChannel.open(
                file, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(new byte[] {1}), (16L << 20) + 1);
        }
        try (FilesClient client = connect()) {
            assertThatThrownBy(() -> client.upload(file, FileOptions.DEFAULTS.withQos(1))
                            .get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(FilesException.class)
                    .hasMessageContaining("file too large");
        }
        assertThat(FilesApplication.RECEIVED).noneMatch(r -> r.fileName().equals("too-large.bin"));
    }
}
