package dev.switchboard.embedded.cluster;

import dev.switchboard.embedded.auth.Users;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.ChildServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.h2.tools.Server;

/**
 * A cluster on 127.0.0.1 made of real parts: an Artemis broker and an H2 database server in the test's JVM, and
 * Switchboard nodes in JVMs of their own ({@link ClusterNodeMain}), so a node can be killed with SIGKILL. The
 * nodes keep their history in the shared database and know the users alice (role user) and bob.
 */
final class TestCluster implements AutoCloseable {

    /** A cold node start with Weld, Jetty and the Artemis client on a loaded machine. */
    static final Duration SLOW = Duration.ofSeconds(60);

    private final Path directory;
    private final int brokerPort;
    private final Server database;
    private final Path users;
    private EmbeddedActiveMQ broker;
    private final List<ChildServer> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    TestCluster(Path directory) throws Exception {
        this(directory, true);
    }

    /**
     * A cluster whose broker runs in the test's JVM, or in none yet ({@code withBroker} false: a node runs it, with
     * {@code switchboard.cluster.embedded-broker} at {@link #brokerUrl()}).
     */
    TestCluster(Path directory, boolean withBroker) throws Exception {
        this.directory = directory;
        this.brokerPort = freePort();
        this.database = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        this.users = Users.add(directory.resolve("users"), "alice", "alice pw", "user");
        Users.add(users, "bob", "bob pw", "user");
        if (withBroker) {
            startBroker();
        }
    }

    /** Starts (or starts again) the Artemis broker on its port. */
    void startBroker() throws Exception {
        Configuration configuration = new ConfigurationImpl()
                .setName("cluster-test")
                .setSecurityEnabled(false)
                .setPersistenceEnabled(false)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("tcp", brokerUrl());
        broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration);
        broker.start();
    }

    /** Stops the broker: every node loses its link. */
    void stopBroker() throws Exception {
        broker.stop();
        broker = null;
    }

    String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    /** Starts a node with this id that joins the broker, and waits until it is healthy (and so linked). */
    ChildServer startNode(String id, String... extraOptions) throws IOException {
        return launch(id, "-Dswitchboard.cluster.broker-url=" + brokerUrl(), extraOptions);
    }

    /** Starts a node that runs the cluster's broker itself, and waits until it is healthy. */
    ChildServer startNodeRunningTheBroker(String id) throws IOException {
        return launch(id, "-Dswitchboard.cluster.embedded-broker=" + brokerUrl());
    }

    private ChildServer launch(String id, String brokerOption, String... extraOptions) throws IOException {
        List<String> options = new ArrayList<>(List.of(
                "-Xmx256m",
                "-Dswitchboard.cluster.enabled=true",
                "-Dswitchboard.cluster.node-id=" + id,
                brokerOption,
                "-Dswitchboard.cluster.reconnect-min=200",
                "-Dswitchboard.cluster.reconnect-max=1000",
                "-Dswitchboard.history.store=jdbc",
                "-Dswitchboard.datasource.url=jdbc:h2:tcp://127.0.0.1:" + database.getPort()
                        + "/mem:cluster;DB_CLOSE_DELAY=-1",
                "-Dswitchboard.auth.users=" + users));
        options.addAll(List.of(extraOptions));
        ChildServer node = ChildServer.start(
                directory.resolve(id + "-" + nodes.size() + ".log"),
                ClusterNodeMain.class,
                options.toArray(String[]::new));
        nodes.add(node);
        return node;
    }

    /** The node's {@code /health} answer: status and body. */
    HttpResponse<String> health(ChildServer node) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/health"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the node reports its cluster link up or down. */
    void awaitLinked(ChildServer node, boolean linked) {
        Await.until("the node's cluster link to be " + (linked ? "up" : "down"), SLOW, () -> {
            try {
                HttpResponse<String> health = health(node);
                return health.body().contains("\"linked\":" + linked) && (health.statusCode() == 200) == linked;
            } catch (IOException notAnswering) {
                return false;
            }
        });
    }

    URI ws(ChildServer node, String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + node.port() + pathAndQuery);
    }

    URI http(ChildServer node, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + node.port() + pathAndQuery);
    }

    @Override
    public void close() throws Exception {
        for (ChildServer node : nodes) {
            node.process().destroyForcibly();
        }
        for (ChildServer node : nodes) {
            node.process().waitFor();
        }
        http.shutdownNow();
        if (broker != null) {
            broker.stop();
        }
        database.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
