package dev.switchboard.embedded.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.NewThreads;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A clustered node that runs the Artemis broker and its client in its own JVM leaves none of their threads behind
 * once it has stopped: the broker, the client's connection, and the client's JVM-wide thread pools all end.
 */
class StopLeavesNoThreadOfTheClusterTest {

    /**
     * JVM-wide threads that any library (or the JDK HTTP client of this test) may start once and keep; Netty's
     * {@code GlobalEventExecutor} (under Artemis) is one, a singleton of the Netty classes that ends by itself when
     * idle and cannot be stopped from outside.
     */
    private static final List<String> JVM_WIDE = List.of(
            "ForkJoinPool.commonPool-worker-",
            "ForkJoinPool-",
            "Common-Cleaner",
            "process reaper",
            "Attach Listener",
            "InnocuousThread-",
            "VirtualThread-unblocker",
            "HttpClient-",
            "globalEventExecutor-");

    @Test
    void everyBrokerAndClientThreadEndsWithTheStop() throws Exception {
        NewThreads threads = NewThreads.since(JVM_WIDE);
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.CLUSTER_ENABLED, "true")
                .environmentEntry(ConfigKeys.CLUSTER_NODE_ID, "lonely")
                .environmentEntry(ConfigKeys.CLUSTER_EMBEDDED_BROKER, "tcp://127.0.0.1:" + freePort())
                .build();
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                    .build();
            Await.until(
                    "the node to link to its own broker",
                    () -> client.send(health, HttpResponse.BodyHandlers.ofString())
                            .body()
                            .contains("\"cluster\":{\"node\":\"lonely\",\"linked\":true}"));
            assertThat(threads.alive()).anyMatch(name -> name.contains("ActiveMQ"));
        } finally {
            server.stop();
        }

        // The Artemis client's netty threads end when their pool's shutdown completes, which can take about ten
        // seconds on a loaded machine; they must end, not end at once.
        threads.awaitAllEnded("the node", java.time.Duration.ofSeconds(30));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
