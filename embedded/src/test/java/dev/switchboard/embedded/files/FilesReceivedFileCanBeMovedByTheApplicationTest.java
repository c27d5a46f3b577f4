package dev.switchboard.embedded.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.event.FileReceivedEvent;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An observer of the file-received event may move the spooled file where the application keeps files; it stays there
 * whole, and nothing is left in the spool directory.
 */
class FilesReceivedFileCanBeMovedByTheApplicationTest {

    static final Path spool = FilesTests.spoolDirectory();
    static final Path kept = FilesTests.spoolDirectory();

    /** Moves every received file into {@link #kept} under its client name. */
    @ApplicationScoped
    public static class Mover {
        void received(@Observes FileReceivedEvent event) throws Exception {
            Files.move(event.path(), kept.resolve(event.fileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder ->
            builder.beanClasses(Mover.class).environmentEntry(ConfigKeys.FILES_SPOOL_DIRECTORY, spool.toString()));

    @Test
    void theMovedFileStaysWholeAndTheSpoolIsEmpty() throws Exception {
        byte[] content = new byte[500_000];
        new Random(3).nextBytes(content);
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            client.upload(UUID.randomUUID().toString(), "kept.bin", content, 32 << 10, 1);
        }
        Path moved = kept.resolve("kept.bin");
        Await.until("the moved file", () -> Files.exists(moved));
        assertThat(FilesClient.sha256(Files.readAllBytes(moved))).isEqualTo(FilesClient.sha256(content));
        try (Stream<Path> left = Files.list(spool)) {
            assertThat(left).isEmpty();
        }
        Files.delete(moved);
    }
}
