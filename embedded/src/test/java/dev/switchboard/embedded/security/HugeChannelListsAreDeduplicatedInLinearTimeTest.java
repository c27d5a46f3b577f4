package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.auth.AuthClient;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Comma lists of channels used to be de-duplicated with list look-ups, quadratic in the list's length. A client
 * now sends a list of a hundred thousand names to subscribe and to publish: it is refused at the list limit (64)
 * with a JSON-RPC -32602 error, or HTTP 400 on an event stream, and the connection keeps working. A list within
 * the limit that repeats a name subscribes and delivers once. The application may still publish to huge lists: a
 * list of two hundred thousand names, with repeats, is fanned out within the test deadline (the quadratic
 * de-duplication needed some 10^10 comparisons for it).
 */
class HugeChannelListsAreDeduplicatedInLinearTimeTest {

    static SwitchboardServer server;

    /** Publishes, as the application would, to a list of {@code n} distinct names each given twice. */
    @ApplicationScoped
    @Subprotocol(ListPublisher.NAME)
    public static class ListPublisher implements SubprotocolHandler {

        static final String NAME = "list-publisher.test.switchboard.dev";

        @Inject
        Gateway gateway;

        @Override
        public void onText(Connection connection, String count) {
            int n = Integer.parseInt(count);
            StringBuilder list = new StringBuilder();
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < n; i++) {
                    list.append("bulk").append(i).append(',');
                }
            }
            list.append("target,target");
            connection.sendText("delivered " + gateway.publish(list.toString(), "bulk message"));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(ListPublisher.class)
                .environmentEntry(ConfigKeys.HISTORY_STORE, "none")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static String names(int count) {
        StringJoiner list = new StringJoiner(",");
        for (int i = 0; i < count; i++) {
            list.add("c" + i);
        }
        return list.toString();
    }

    @Test
    void aClientsHugeListIsRefusedAtTheListLimit() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder attacker = SgcCalls.connect(client, server)) {
            String huge = names(100_000);
            attacker.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + huge
                    + "\"},\"id\":\"s\"}");
            assertThat(SgcCalls.reply(attacker, "s"))
                    .contains("\"code\":-32602")
                    .contains("more than 64 names");
            attacker.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + huge
                    + "\",\"message\":\"m\"},\"id\":\"p\"}");
            assertThat(SgcCalls.reply(attacker, "p"))
                    .contains("\"code\":-32602")
                    .contains("more than 64 names");

            attacker.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@protocol\"}");
            assertThat(attacker.nextContaining("esegece")).isEqualTo(SgcCalls.SGC);
        }
    }

    @Test
    void repeatsWithinTheLimitSubscribeAndDeliverOnce() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder subscriber = SgcCalls.connect(client, server);
                TestClient.Recorder publisher = SgcCalls.connect(client, server)) {
            subscriber.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\""
                    + "dup,".repeat(60) + "marker\"},\"id\":\"s\"}");
            assertThat(SgcCalls.reply(subscriber, "s")).contains("\"channel\":\"dup\"");
            assertThat(SgcCalls.reply(subscriber, "s")).contains("\"channel\":\"marker\"");

            publisher.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\""
                    + "dup,".repeat(60) + "dup\",\"message\":\"once\"}}");
            publisher.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"marker\","
                    + "\"message\":\"end\"}}");

            assertThat(subscriber.nextContaining("sgc@event")).contains("once");
            assertThat(subscriber.nextContaining("sgc@event")).contains("end");
        }
    }

    @Test
    void anEventStreamWithAHugeListIsRefusedWith400() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> refused = AuthClient.get(
                    client,
                    AuthClient.http(server, "/sse?channel=" + names(65)),
                    Map.of("Accept", "text/event-stream"));

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("more than 64 names");
        }
    }

    @Test
    void theApplicationsHugeListIsDeduplicatedInLinearTime() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder subscriber = SgcCalls.connect(client, server);
                TestClient.Recorder application =
                        TestClient.connect(client, AuthClient.ws(server, "/"), Map.of(), ListPublisher.NAME)) {
            subscriber.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"target\"},"
                    + "\"id\":\"s\"}");
            SgcCalls.reply(subscriber, "s");

            assertThat(application.ask("200000")).isEqualTo("delivered 1");
            assertThat(subscriber.nextContaining("sgc@event")).contains("bulk message");
        }
    }
}
