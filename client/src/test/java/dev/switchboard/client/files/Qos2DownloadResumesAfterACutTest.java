package dev.switchboard.client.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.link.LinkAuth;
import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.Credentials;
import dev.switchboard.client.testing.FaultyProxy;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A QoS 2 file the server sends to a logged-in client whose connection is cut mid-way (a proxy drops both sockets,
 * no close handshake) goes on when the link comes back: the client keeps its part file, answers the header the
 * server sends again with the size it holds, appends the rest, and ends with the whole file.
 */
class Qos2DownloadResumesAfterACutTest {

    @TempDir
    static Path dir;

    static SwitchboardServer server;
    static Path received;

    @BeforeAll
    static void start() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        received = Files.createDirectories(dir.resolve("received"));
        Path users = Credentials.addUser(dir.resolve("users"), "dora", "dora pw", "staff");
        server = TestServers.start(builder -> builder.beanClasses(FilesApplication.class)
                .environmentEntry(ConfigKeys.FILES_SPOOL_DIRECTORY, spool.toString())
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    /** The bytes of the part files in the client's directory. */
    private static long partBytes() throws Exception {
        try (Stream<Path> files = Files.list(received)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".part"))
                    .mapToLong(file -> file.toFile().length())
                    .max()
                    .orElse(0);
        }
    }

    @Test
    void theDownloadContinuesFromTheHeldSizeAndArrivesWhole() throws Exception {
        int size = 12 << 20;
        Path file = FilesApplication.randomFile(dir, "sent.bin", size, 17);
        CompletableFuture<Path> arrived = new CompletableFuture<>();
        AtomicLong resumedAt = new AtomicLong(-1);
        FilesListener listener = new FilesListener() {
            @Override
            public void fileReceived(String name, Path path, long length) {
                arrived.complete(path);
            }

            @Override
            public void fileResumed(String name, long held) {
                resumedAt.set(held);
            }

            @Override
            public void fileFailed(String name, String reason) {
                arrived.completeExceptionally(new AssertionError("the file failed: " + reason));
            }
        };
        int before = FilesApplication.CONNECTIONS.size();
        try (FaultyProxy proxy = FaultyProxy.to(server.port());
                FilesClient client = FilesClient.connect(
                        LinkOptions.builder(TestServers.ws(proxy.port()))
                                .auth(LinkAuth.basic("dora", "dora pw"))
                                .backoff(Duration.ofMillis(20), Duration.ofMillis(100)),
                        received,
                        listener)) {
            client.ready().get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            Await.until("the connection seen", () -> FilesApplication.CONNECTIONS.size() > before);
            Await.until("the gateway", () -> FilesApplication.gateway != null);
            String id = FilesApplication.CONNECTIONS.get(FilesApplication.CONNECTIONS.size() - 1);
            // Slowed down, so that the cut comes while the file is on its way.
            proxy.delay(Duration.ofMillis(2));
            FilesApplication.gateway.sendFile(
                    id, file, new dev.switchboard.protocol.files.FileOptions(2, 64 << 10, ""));

            Await.until("an eighth of the file received", () -> partBytes() >= size / 8);
            assertThat(arrived).isNotDone();
            proxy.cutAll();
            proxy.delay(Duration.ZERO);

            Path whole = arrived.get(3 * Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(FilesApplication.sha256(whole)).isEqualTo(FilesApplication.sha256(file));
            assertThat(proxy.accepted()).as("connections through the proxy").isGreaterThanOrEqualTo(2);
        }
        assertThat(resumedAt.get())
                .as("bytes held when the transfer went on, not sent again")
                .isGreaterThanOrEqualTo(size / 8)
                .isLessThan(size);
        assertThat(partBytes()).as("part files left").isZero();
    }
}
