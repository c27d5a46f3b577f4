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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An anonymous client tries to fill the server's memory: subscriptions to ever more channels, ever more open
 * transactions, QoS 2 messages it never releases, queued publications on ever more channels, and an event stream
 * on more channels than it may hold. Each attempt is refused at its budget with the JSON-RPC error -32029 (HTTP 429
 * for the event stream), never a server error, the connection keeps working, and every refusal is counted in the
 * connection's statistics.
 */
class ConnectionBudgetsRefuseResourceExhaustionTest {

    static SwitchboardServer server;

    /** Reads a connection's budget-refusal counter through the public gateway, for the assertions. */
    @ApplicationScoped
    @Subprotocol(StatsProbe.NAME)
    public static class StatsProbe implements SubprotocolHandler {

        static final String NAME = "stats-probe.test.switchboard.dev";

        @Inject
        Gateway gateway;

        @Override
        public void onText(Connection connection, String id) {
            connection.sendText(gateway.connection(id)
                    .map(c -> String.valueOf(c.stats().budgetRefusals()))
                    .orElse("none"));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(StatsProbe.class)
                .environmentEntry(ConfigKeys.BUDGET_ANONYMOUS_SUBSCRIPTIONS, "5")
                .environmentEntry(ConfigKeys.SGC_BUDGET_ANONYMOUS_TRANSACTIONS, "2")
                .environmentEntry(ConfigKeys.SGC_BUDGET_ANONYMOUS_QOS_MESSAGES, "3")
                .environmentEntry(ConfigKeys.SGC_BUDGET_ANONYMOUS_QUEUE_CHANNELS, "2")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    /** Opens an sgc connection and returns it with its id (the session guid). */
    private static String sessionId(TestClient.Recorder socket) throws InterruptedException {
        String session = socket.nextContaining("sgc@session");
        int start = session.indexOf("\"message\":\"") + 11;
        return session.substring(start, session.indexOf('"', start));
    }

    private static String refusals(HttpClient client, String connectionId) throws Exception {
        try (TestClient.Recorder probe =
                TestClient.connect(client, AuthClient.ws(server, "/"), Map.of(), StatsProbe.NAME)) {
            return probe.ask(connectionId);
        }
    }

    @Test
    void subscriptionsBeyondTheBudgetAreRefused() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder attacker = SgcCalls.open(client, server)) {
            String id = sessionId(attacker);
            for (int i = 0; i < 5; i++) {
                attacker.send(SgcCalls.request("sgc@subscribe", "{\"channel\":\"c" + i + "\"}", "s" + i));
                assertThat(SgcCalls.reply(attacker, "s" + i)).doesNotContain("error");
            }
            for (int i = 5; i < 50; i++) {
                attacker.send(SgcCalls.request("sgc@subscribe", "{\"channel\":\"c" + i + "\"}", "s" + i));
                assertThat(SgcCalls.reply(attacker, "s" + i))
                        .contains("\"code\":-32029")
                        .contains("Budget exceeded");
            }
            assertThat(refusals(client, id)).isEqualTo("45");
            attacker.send(SgcCalls.request("sgc@unsubscribe", "{\"channel\":\"c0\"}", "u"));
            SgcCalls.reply(attacker, "u");
            attacker.send(SgcCalls.request("sgc@subscribe", "{\"channel\":\"fresh\"}", "f"));
            assertThat(SgcCalls.reply(attacker, "f")).doesNotContain("error");
        }
    }

    @Test
    void transactionsQos2MessagesAndQueuesBeyondTheBudgetAreRefused() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder attacker = SgcCalls.open(client, server)) {
            String id = sessionId(attacker);
            for (int i = 0; i < 2; i++) {
                attacker.send(SgcCalls.request("sgc@transaction", "{\"channel\":\"t" + i + "\"}", "t" + i));
                assertThat(attacker.nextContaining("\"id\":\"t" + i + "\"")).contains("sgc@acknowledgment");
            }
            attacker.send(SgcCalls.request("sgc@transaction", "{\"channel\":\"t2\"}", "t2"));
            assertThat(SgcCalls.reply(attacker, "t2")).contains("\"code\":-32029");

            String big = "x".repeat(1000);
            for (int i = 0; i < 3; i++) {
                attacker.send(SgcCalls.request(
                        "sgc@message", "{\"message\":\"" + big + "\",\"qos\":\"qosLevel2\"}", "q" + i));
                assertThat(attacker.nextContaining("\"id\":\"q" + i + "\"")).contains("sgc@pubrec");
            }
            attacker.send(SgcCalls.request("sgc@message", "{\"message\":\"" + big + "\",\"qos\":\"qosLevel2\"}", "q3"));
            assertThat(attacker.nextContaining("\"id\":\"q3\"")).contains("\"code\":-32029");

            for (int i = 0; i < 2; i++) {
                attacker.send(SgcCalls.request(
                        "sgc@publish",
                        "{\"channel\":\"kept" + i + "\",\"message\":\"m\"," + "\"queue\":\"queueLevel2\"}",
                        "k" + i));
                assertThat(attacker.nextContaining("\"id\":\"k" + i + "\"")).contains("sgc@acknowledgment");
            }
            attacker.send(SgcCalls.request(
                    "sgc@publish", "{\"channel\":\"kept2\",\"message\":\"m\",\"queue\":\"queueLevel2\"}", "k2"));
            assertThat(SgcCalls.reply(attacker, "k2")).contains("\"code\":-32029");

            assertThat(refusals(client, id)).isEqualTo("3");
            attacker.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@protocol\"}");
            assertThat(attacker.nextContaining("esegece")).isEqualTo(SgcCalls.SGC);
        }
    }

    @Test
    void anEventStreamOnMoreChannelsThanTheBudgetIsRefusedWith429() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> refused = AuthClient.get(
                    client, AuthClient.http(server, "/sse?channel=a,b,c,d,e,f"), Map.of("Accept", "text/event-stream"));

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("may hold 5 subscriptions");
        }
    }
}
