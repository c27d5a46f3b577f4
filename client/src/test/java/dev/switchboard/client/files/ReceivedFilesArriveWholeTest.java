package dev.switchboard.client.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.protocol.files.FileOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files the server sends with {@code FilesGateway} to one connection, or publishes to a channel the client
 * subscribed to, are written whole to the client's directory at QoS 0, 1 and 2 (same SHA-256), and the listener is
 * told their name, path and size; a subscription the server's rules forbid fails with the server's refusal.
 */
class ReceivedFilesArriveWholeTest {

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    /** What a listener was told. */
    record Arrival(String name, Path path, long size) {}

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

    private static FilesClient connect(Path into, List<Arrival> arrivals) throws Exception {
        Files.createDirectories(into);
        FilesClient client = FilesClient.connect(
                LinkOptions.builder(TestServers.ws(server)).maxBinaryMessageSize(2 << 20), into, new FilesListener() {
                    @Override
                    public void fileReceived(String name, Path path, long size) {
                        arrivals.add(new Arrival(name, path, size));
                    }
                });
        client.ready().get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void aFileSentToTheConnectionIsWrittenWhole(int qos) throws Exception {
        Path file = FilesApplication.randomFile(dir, "direct-" + qos + ".bin", 3 << 20, 100 + qos);
        Path into = dir.resolve("direct-into-" + qos);
        List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        int before = FilesApplication.CONNECTIONS.size();
        try (FilesClient client = connect(into, arrivals)) {
            Await.until("the connection seen", () -> FilesApplication.CONNECTIONS.size() > before);
            String id = FilesApplication.CONNECTIONS.get(FilesApplication.CONNECTIONS.size() - 1);
            Await.until("the gateway", () -> FilesApplication.gateway != null);
            FilesApplication.gateway.sendFile(id, file, new FileOptions(qos, 64 << 10, "hello"));

            Arrival arrival =
                    Await.value("the file received", () -> arrivals.isEmpty() ? null : arrivals.get(0), a -> a != null);
            assertThat(arrival.name()).isEqualTo(file.getFileName().toString());
            assertThat(arrival.size()).isEqualTo(3 << 20);
            assertThat(arrival.path()).isEqualTo(into.resolve(arrival.name()));
            assertThat(FilesApplication.sha256(arrival.path())).isEqualTo(FilesApplication.sha256(file));
            try (Stream<Path> left = Files.list(into)) {
                assertThat(left).as("files in the directory").containsExactly(arrival.path());
            }
        }
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void aFilePublishedToASubscribedChannelIsWrittenWhole(int qos) throws Exception {
        Path file = FilesApplication.randomFile(dir, "published-" + qos + ".bin", 3 << 20, 200 + qos);
        String channel = "files-" + qos;
        List<Arrival> subscriber = new CopyOnWriteArrayList<>();
        List<Arrival> other = new CopyOnWriteArrayList<>();
        try (FilesClient one = connect(dir.resolve("sub-" + qos), subscriber);
                FilesClient two = connect(dir.resolve("other-" + qos), other)) {
            one.subscribe(channel).get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            Await.until("the gateway", () -> FilesApplication.gateway != null);
            int reached = FilesApplication.gateway
                    .publishFile(channel, file, new FileOptions(qos, 64 << 10, ""))
                    .toCompletableFuture()
                    .get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(reached).isEqualTo(1);

            Arrival arrival = Await.value(
                    "the file received", () -> subscriber.isEmpty() ? null : subscriber.get(0), a -> a != null);
            assertThat(FilesApplication.sha256(arrival.path())).isEqualTo(FilesApplication.sha256(file));
            assertThat(other).as("a client not subscribed").isEmpty();
        }
    }

    @Test
    void aSubscriptionTheChannelRulesForbidFailsWithTheServersRefusal() throws Exception {
        try (FilesClient client = connect(dir.resolve("forbidden"), new CopyOnWriteArrayList<>())) {
            assertThat(client.subscribe("/user/alice/files"))
                    .failsWithin(Await.DEADLINE)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(FilesException.class);
        }
    }
}
