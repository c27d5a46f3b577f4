package dev.switchboard.embedded.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.RpcMethod;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page written against the sgcWebSockets JavaScript API ({@code sgcWebSockets.js}, {@code esegece.com.js}, as the
 * server serves them) works in headless Chromium: it connects, subscribes, receives its own publication and one a JDK
 * WebSocket client sends, and makes an RPC; the plain {@code sgcWebSocket} and {@code sgcWSStreamRead} work too. The
 * page is {@code src/test/browser/sgc-compat.html}, driven by {@code sgc-compat-page.mjs}.
 */
class SgcJsApiPageInChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** The RPC method the page calls. */
    @ApplicationScoped
    public static class CompatRpc {
        /** The page's parameters. */
        public static class Terms {
            /** The first term. */
            public int a;
            /** The second term. */
            public int b;
        }

        /**
         * Adds two numbers.
         *
         * @param terms the numbers
         * @return their sum
         */
        @RpcMethod("compat.add")
        public int add(Terms terms) {
            return terms.a + terms.b;
        }
    }

    private static SwitchboardServer server;
    private static String base;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        NodeScenario.requireTools(true);
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(CompatRpc.class)
                .build();
        server.start();
        base = NodeScenario.base(server.httpUri());
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.shutdownNow();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void anSgcJsPageSubscribesPublishesReceivesAJdkPublicationAndCallsAnRpcMethod() throws Exception {
        String channel = "sgcjs-" + System.nanoTime();
        URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/");
        try (TestClient.Recorder jdk = TestClient.connect(http, ws, Map.of(), "esegece.com")) {
            jdk.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"sgcjs-ready\"},"
                    + "\"id\":\"ready\"}");
            jdk.nextContaining("\"sgc@subscribe\"");

            CompletableFuture<NodeScenario.Result> scenario = CompletableFuture.supplyAsync(() -> {
                try {
                    return NodeScenario.run(TIMEOUT, "sgc-compat-page.mjs", base, channel);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // The page publishes "ready" once subscribed; only then can it receive what the JDK client sends.
            // Chromium may take a while to start: wait as long as the scenario runs, not the client's short deadline.
            long end = System.nanoTime() + TIMEOUT.toNanos();
            boolean ready = false;
            while (!ready && !scenario.isDone() && System.nanoTime() < end) {
                String text = jdk.pollText(Duration.ofMillis(200));
                ready = text != null && text.contains("\"sgcjs-ready\"") && text.contains("ready");
            }
            if (!ready) {
                // The scenario ended without the page getting that far: its output says why.
                scenario.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).assertOk("sgc js page in chromium");
            }
            assertThat(ready).as("the page said ready").isTrue();
            jdk.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                    + "\",\"message\":\"from jdk\"}}");

            scenario.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).assertOk("sgc js page in chromium");
        }
    }
}
