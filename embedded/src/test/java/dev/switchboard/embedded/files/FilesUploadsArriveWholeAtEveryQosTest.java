package dev.switchboard.embedded.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An 8 MiB upload in 64 KiB packets arrives byte for byte at QoS 0, 1 and 2: the file-received event's spooled file
 * has the SHA-256 of what was sent, and the spool file is gone afterwards.
 */
class FilesUploadsArriveWholeAtEveryQosTest {

    static final Path spool = FilesTests.spoolDirectory();

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(ReceivedFiles.class)
            .environmentEntry(ConfigKeys.FILES_SPOOL_DIRECTORY, spool.toString()));

    @BeforeEach
    void clear() {
        ReceivedFiles.RECEIVED.clear();
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void anEightMebibyteUploadArrivesWithTheSameSha256(int qos) throws Exception {
        byte[] content = new byte[8 << 20];
        new Random(42 + qos).nextBytes(content);
        String name = "upload-qos" + qos + ".bin";
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            client.upload(UUID.randomUUID().toString(), name, content, 64 << 10, qos);

            ReceivedFiles.Received received = Await.value(
                    "the file-received event",
                    () -> ReceivedFiles.RECEIVED.stream()
                            .filter(r -> r.fileName().equals(name))
                            .findFirst()
                            .orElse(null),
                    r -> r != null);
            assertThat(received.fileSize()).isEqualTo(content.length);
            assertThat(received.sha256()).isEqualTo(FilesClient.sha256(content));
            Await.until("the spool file removed", () -> !Files.exists(Path.of(received.path())));
            try (Stream<Path> left = Files.list(spool)) {
                assertThat(left).as("spool files left").isEmpty();
            }
        }
    }
}
