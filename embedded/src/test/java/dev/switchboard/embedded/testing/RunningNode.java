package dev.switchboard.embedded.testing;

import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.SwitchboardServerBuilder;
import dev.switchboard.ops.Drain;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Switchboard server running on 127.0.0.1 on an ephemeral port, with an HTTP/1.1 client to it, and what the
 * operations tests read from it: the health probes' JSON, the Prometheus scrape and single samples of it, the open
 * connections, and the node's drain.
 *
 * <p>Two ways to have one: {@link #start} for one test ({@code try (RunningNode node = RunningNode.start(...))};
 * closing it closes the client and stops the server), or {@link #perClass} in a {@code @RegisterExtension static}
 * field for every test of a class: started before the first, stopped after the last, and any drain a test started is
 * cancelled after it, so the next test finds the node serving.
 *
 * <p>The drain is the server's CDI bean; an embedded server's CDI container is the one of its JVM, so one node at a
 * time may run in a test JVM.
 */
public final class RunningNode implements AutoCloseable, BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final Consumer<SwitchboardServerBuilder> configure;
    private SwitchboardServer server;
    private HttpClient client;

    private RunningNode(Consumer<SwitchboardServerBuilder> configure) {
        this.configure = configure;
    }

    /**
     * Starts a node with the default configuration.
     *
     * @return the running node
     * @throws Exception when the server does not start
     */
    public static RunningNode start() throws Exception {
        return start(builder -> {});
    }

    /**
     * Starts a node with configuration entries ({@code ConfigKeys} to values).
     *
     * @param environment the entries
     * @return the running node
     * @throws Exception when the server does not start
     */
    public static RunningNode start(Map<String, String> environment) throws Exception {
        return start(builder -> environment.forEach(builder::environmentEntry));
    }

    /**
     * Starts a node configured beyond host and port by the caller (entries, bean classes, a data directory).
     *
     * @param configure adds to the builder
     * @return the running node
     * @throws Exception when the server does not start
     */
    public static RunningNode start(Consumer<SwitchboardServerBuilder> configure) throws Exception {
        RunningNode node = new RunningNode(configure);
        node.run();
        return node;
    }

    /**
     * A node for every test of a class, to register with {@code @RegisterExtension static}.
     *
     * @return the node, started before the class's first test
     */
    public static RunningNode perClass() {
        return perClass(Map.of());
    }

    /**
     * A node for every test of a class, with configuration entries ({@code ConfigKeys} to values).
     *
     * @param environment the entries
     * @return the node, started before the class's first test
     */
    public static RunningNode perClass(Map<String, String> environment) {
        return new RunningNode(builder -> environment.forEach(builder::environmentEntry));
    }

    /**
     * A node for every test of a class, configured beyond host and port by the caller when the class starts (a users
     * file or a data directory made then, bean classes, entries).
     *
     * @param configure adds to the builder
     * @return the node, started before the class's first test
     */
    public static RunningNode perClass(Consumer<SwitchboardServerBuilder> configure) {
        return new RunningNode(configure);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        run();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        drain().cancel("test");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    private void run() throws Exception {
        SwitchboardServerBuilder builder =
                SwitchboardServer.builder().host("127.0.0.1").port(0);
        configure.accept(builder);
        SwitchboardServer started = builder.build();
        try {
            started.start();
        } catch (Exception e) {
            try {
                started.stop();
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
        server = started;
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The server. */
    public SwitchboardServer server() {
        return running();
    }

    /** The HTTP/1.1 client to the server, closed with the node. */
    public HttpClient client() {
        running();
        return client;
    }

    /** The server's HTTP port. */
    public int port() {
        return running().port();
    }

    private SwitchboardServer running() {
        if (server == null) {
            throw new IllegalStateException(
                    "The node is not running (a perClass node needs @RegisterExtension static)");
        }
        return server;
    }

    /** An {@code http://} URI of a path of the server. */
    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** A {@code ws://} URI of a path of the server. */
    public URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    /** GETs a path of the server. */
    public HttpResponse<String> get(String path) throws Exception {
        return get(path, Map.of());
    }

    /** GETs a path of the server with extra request headers. */
    public HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        return get(client(), http(path), headers);
    }

    /** GETs any URI (a server in a child JVM, say) within the tests' deadline. */
    public static HttpResponse<String> get(HttpClient client, URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Await.DEADLINE);
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Prometheus endpoint's answer, with extra request headers (credentials, a forwarding header). */
    public HttpResponse<String> scrape(Map<String, String> headers) throws Exception {
        return get("/metrics", headers);
    }

    /** The Prometheus text; fails unless the endpoint answers 200. */
    public String scrape() throws Exception {
        HttpResponse<String> response = scrape(Map.of());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Waits until the server reports {@code expected} open connections. */
    public void awaitConnections(int expected) {
        Health.awaitConnections(running(), expected);
    }

    /** The drain of the node running in this JVM. */
    public static Drain drain() {
        return CDI.current().select(Drain.class).get();
    }

    /** Parses a JSON object body. */
    public static JsonObject json(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    /** The check with this name in a probe's answer, if it has one. */
    public static Optional<JsonObject> check(JsonObject probe, String name) {
        return probe.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals(name))
                .findFirst();
    }

    /**
     * The value of the first sample of a metric whose labels contain every given {@code name="value"} pair, or empty
     * when there is none.
     */
    public static OptionalDouble sample(String exposition, String metric, String... labels) {
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    /** A sample's value as {@link #sample} finds it, or -1 when there is none. */
    public static double value(String exposition, String metric, String... labels) {
        return sample(exposition, metric, labels).orElse(-1);
    }

    @Override
    public void close() throws Exception {
        if (server == null) {
            return;
        }
        // Not close(), which would wait for a stream a failed test left open.
        client.shutdownNow();
        server.stop();
        server = null;
    }
}
