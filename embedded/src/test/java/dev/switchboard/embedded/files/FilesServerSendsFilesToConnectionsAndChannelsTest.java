package dev.switchboard.embedded.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.protocol.files.FileOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file the application sends with {@code FilesGateway} reaches one connection, or every Files subscriber of a
 * channel through the broker, byte for byte, at QoS 0, 1 and 2, and the file-sent event follows.
 */
class FilesServerSendsFilesToConnectionsAndChannelsTest {

    static final Path spool = FilesTests.spoolDirectory();

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(ReceivedFiles.class)
            .environmentEntry(ConfigKeys.FILES_SPOOL_DIRECTORY, spool.toString()));

    private static Path file(int qos) throws Exception {
        byte[] content = new byte[3 << 20];
        new Random(100 + qos).nextBytes(content);
        Path file = spool.resolveSibling(spool.getFileName() + "-out-" + qos + ".bin");
        Files.write(file, content);
        file.toFile().deleteOnExit();
        return file;
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void aFileSentToAConnectionArrivesWhole(int qos) throws Exception {
        Path file = file(qos);
        int before = ReceivedFiles.CONNECTIONS.size();
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            Await.until("the connection seen", () -> ReceivedFiles.CONNECTIONS.size() > before);
            String id = ReceivedFiles.CONNECTIONS.get(ReceivedFiles.CONNECTIONS.size() - 1);
            Await.until("the gateway", () -> ReceivedFiles.gateway != null);
            String fileId = ReceivedFiles.gateway.sendFile(id, file, new FileOptions(qos, 64 << 10, "hello"));

            byte[] received = client.download();
            assertThat(FilesClient.sha256(received)).isEqualTo(FilesClient.sha256(Files.readAllBytes(file)));
            Await.until(
                    "the file-sent event",
                    () -> ReceivedFiles.SENT.stream()
                            .anyMatch(sent -> sent.fileId().equals(fileId)));
        }
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    void aFilePublishedToAChannelReachesEverySubscriber(int qos) throws Exception {
        Path file = file(qos);
        String channel = "files-" + qos;
        try (FilesClient one = FilesClient.connect(node.client(), node.ws("/"));
                FilesClient two = FilesClient.connect(node.client(), node.ws("/"));
                FilesClient outsider = FilesClient.connect(node.client(), node.ws("/"))) {
            for (FilesClient client : new FilesClient[] {one, two}) {
                client.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + channel
                        + "\"},\"id\":\"s1\"}");
                assertThat(client.nextText()).contains("\"sgc@subscribe\"").contains(channel);
            }
            Await.until("the gateway", () -> ReceivedFiles.gateway != null);
            int reached = ReceivedFiles.gateway
                    .publishFile(channel, file, new FileOptions(qos, 64 << 10, ""))
                    .toCompletableFuture()
                    .get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(reached).isEqualTo(2);

            CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> download(one));
            CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> download(two));
            String expected = FilesClient.sha256(Files.readAllBytes(file));
            assertThat(FilesClient.sha256(first.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS)))
                    .isEqualTo(expected);
            assertThat(FilesClient.sha256(second.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS)))
                    .isEqualTo(expected);
            assertThat(outsider.packets).as("a connection not subscribed").isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void aSubscriptionTheChannelRulesForbidIsRefusedAndGetsNoFile() throws Exception {
        Path file = file(0);
        try (FilesClient client = FilesClient.connect(node.client(), node.ws("/"))) {
            client.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\","
                    + "\"params\":{\"channel\":\"/user/alice/files\"},\"id\":\"s2\"}");
            assertThat(client.nextText()).contains("\"error\"").contains("\"s2\"");
            Await.until("the gateway", () -> ReceivedFiles.gateway != null);
            int reached = ReceivedFiles.gateway
                    .publishFile("/user/alice/files", file, FileOptions.DEFAULTS)
                    .toCompletableFuture()
                    .get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(reached).isZero();
            assertThat(client.packets).isEmpty();
        }
    }

    private static byte[] download(FilesClient client) {
        try {
            return client.download();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
