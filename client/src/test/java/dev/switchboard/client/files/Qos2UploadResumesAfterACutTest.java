package dev.switchboard.client.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.FaultyProxy;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A QoS 2 upload whose connection is cut mid-way (a proxy drops both sockets, no close handshake) goes on when the
 * link comes back: the client sends the header again with the same file id, continues from the position the server
 * asks for, and the server ends with the whole file.
 */
class Qos2UploadResumesAfterACutTest {

    @TempDir
    static Path dir;

    static SwitchboardServer server;
    static Path spool;

    @BeforeAll
    static void start() throws Exception {
        spool = Files.createDirectories(dir.resolve("spool"));
        server = TestServers.start(builder -> builder.beanClasses(FilesApplication.class)
                .environmentEntry(ConfigKeys.FILES_SPOOL_DIRECTORY, spool.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    /** The bytes the server has spooled so far of uploads in progress. */
    private static long spooled() throws Exception {
        try (Stream<Path> files = Files.list(spool)) {
            return files.mapToLong(file -> file.toFile().length()).max().orElse(0);
        }
    }

    @Test
    void theUploadContinuesOnTheNextConnectionAndArrivesWhole() throws Exception {
        int size = 12 << 20;
        Path file = FilesApplication.randomFile(dir, "resumed.bin", size, 7);
        try (FaultyProxy proxy = FaultyProxy.to(server.port());
                FilesClient client = FilesClient.connect(
                        LinkOptions.builder(TestServers.ws(proxy.port()))
                                .backoff(Duration.ofMillis(20), Duration.ofMillis(100)),
                        dir,
                        new FilesListener() {})) {
            client.ready().get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            // Slowed down, so that the cut comes while the file is on its way.
            proxy.delay(Duration.ofMillis(2));
            CompletableFuture<String> upload = client.upload(file, FileOptions.DEFAULTS.withQos(2));

            Await.until("an eighth of the file spooled", () -> spooled() >= size / 8);
            assertThat(upload).isNotDone();
            proxy.cutAll();
            proxy.delay(Duration.ZERO);

            // The rest goes at full speed; the longer deadline leaves room for a slow, shared machine.
            upload.get(3 * Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(proxy.accepted()).as("connections through the proxy").isGreaterThanOrEqualTo(2);
        }
        FilesApplication.Received received = FilesApplication.receivedAs("resumed.bin");
        assertThat(received.fileSize()).isEqualTo(size);
        assertThat(received.sha256()).isEqualTo(FilesApplication.sha256(file));
    }
}
