package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.RpcMethod;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.auth.Users;
import dev.switchboard.embedded.sse.SseClient;
import dev.switchboard.embedded.testing.BasicAuth;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WAMP v1 client (raw JSON over the JDK WebSocket client) is welcomed with its session id, under the token it
 * offered ({@code wamp}, sgc's {@code WAMP}, or the sgc JavaScript client's {@code <prefix>.WAMP}); resolves CURIEs
 * through its PREFIX table; calls {@code @RpcMethod} beans and gets CALLERROR for an unknown or forbidden procedure;
 * shares channels with WAMP v2, sgc and SSE both ways; and narrows its publications with excludeMe, exclude and
 * eligible. A subscription, publication or call the permission rules refuse is not carried out and the session
 * goes on; a user logged in at the handshake is served what the rules give that user.
 */
class WampV1SharesChannelsAndCallsRpcMethodsTest {

    /** The procedures the WAMP v1 clients call. */
    @ApplicationScoped
    public static class V1Rpc {
        /**
         * Echoes its argument.
         *
         * @param text any text
         * @return the text
         */
        @RpcMethod("com.example.v1.echo")
        public String echo(String text) {
            return text;
        }

        /**
         * Adds numbers.
         *
         * @param terms the numbers
         * @return their sum
         */
        @RpcMethod("com.example.v1.sum")
        public int sum(List<Integer> terms) {
            return terms.stream().mapToInt(Integer::intValue).sum();
        }

        /**
         * What only administrators may call.
         *
         * @return {@code "done"}
         */
        @RpcMethod("com.example.admin.reset")
        public String reset() {
            return "done";
        }
    }

    @TempDir
    static Path dataDir;

    static SwitchboardServer server;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dataDir.resolve("users"), "root", "pw", "admin");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .beanClasses(V1Rpc.class)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_RPC, "com.example.admin.*=admin; *=")
                .environmentEntry(ConfigKeys.AUTH_SUBSCRIBE, "secret.*=admin")
                .environmentEntry(ConfigKeys.AUTH_PUBLISH, "readonly.*=admin")
                .environmentEntry(ConfigKeys.WAMP_V1_MAX_CALL_ARGUMENTS, "3")
                .build();
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.shutdownNow();
        server.stop();
    }

    /** A WAMP v1 client and the session id its WELCOME gave. */
    record V1(TestClient.Recorder socket, String session) implements AutoCloseable {
        String ask(String text) throws InterruptedException {
            return socket.ask(text);
        }

        void send(String text) {
            socket.send(text);
        }

        String next() throws InterruptedException {
            return socket.nextText();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    static V1 v1(String token) throws Exception {
        return v1(token, Map.of());
    }

    static V1 v1(String token, Map<String, String> headers) throws Exception {
        TestClient.Recorder socket = TestClient.connect(http, TestClient.ws(server), headers, token);
        String welcome = socket.nextText();
        assertThat(welcome).startsWith("[0,\"").endsWith("\",1,\"Switchboard\"]");
        return new V1(socket, welcome.substring(4, welcome.indexOf('"', 4)));
    }

    static TestClient.Recorder v2() throws Exception {
        TestClient.Recorder wamp = TestClient.connect(http, TestClient.ws(server), "wamp.2.json");
        assertThat(wamp.ask("[1,\"realm1\",{\"roles\":{\"subscriber\":{},\"publisher\":{}}}]"))
                .startsWith("[2,");
        return wamp;
    }

    @Test
    void theOfferedTokenIsEchoedAndEachSessionIsWelcomedWithItsOwnId() throws Exception {
        try (V1 lower = v1("wamp");
                V1 upper = v1("WAMP");
                V1 prefixed = v1("myapp.WAMP")) {
            assertThat(lower.socket().socket.getSubprotocol()).isEqualTo("wamp");
            assertThat(upper.socket().socket.getSubprotocol()).isEqualTo("WAMP");
            assertThat(prefixed.socket().socket.getSubprotocol()).isEqualTo("myapp.WAMP");
            assertThat(lower.session()).isNotEmpty().isNotEqualTo(upper.session());
            assertThat(upper.session()).isNotEqualTo(prefixed.session());
        }
    }

    @Test
    void callsReachRpcMethodsThroughCuriesAndFailuresAreCallErrors() throws Exception {
        try (V1 client = v1("WAMP")) {
            client.send("[1,\"ex\",\"com.example.v1.\"]");
            assertThat(client.ask("[2,\"c1\",\"ex:echo\",\"hello\"]")).isEqualTo("[3,\"c1\",\"hello\"]");
            assertThat(client.ask("[2,\"c2\",\"com.example.v1.sum\",1,2,3]")).isEqualTo("[3,\"c2\",6]");
            assertThat(client.ask("[2,\"c3\",\"ex:sum\",[4,5]]")).isEqualTo("[3,\"c3\",9]");
            assertThat(client.ask("[2,\"c4\",\"ex:nothing\"]"))
                    .startsWith("[4,\"c4\",\"wamp.error.no_such_procedure\",\"no procedure com.example.v1.nothing\"");
            assertThat(client.ask("[2,\"c5\",\"com.example.admin.reset\"]"))
                    .startsWith("[4,\"c5\",\"wamp.error.not_authorized\",");
            assertThat(client.ask("[2,\"c6\",\"ex:sum\",\"not numbers\"]"))
                    .startsWith("[4,\"c6\",\"wamp.error.invalid_argument\",")
                    .contains("\"code\":-32602");
            assertThat(client.ask("[2,\"c7\",\"ex:sum\",1,2,3,4]"))
                    .startsWith(
                            "[4,\"c7\",\"switchboard.error.budget_exceeded\",\"a call may have at most 3 arguments\"");
            // A redefined prefix takes effect; the session went on through every error.
            client.send("[1,\"ex\",\"com.example.v1.su\"]");
            assertThat(client.ask("[2,\"c8\",\"ex:m\",[1]]")).isEqualTo("[3,\"c8\",1]");
            // sgc's call cancel is accepted: nothing is pending.
            client.send("[1001,\"c8\"]");
            assertThat(client.ask("[2,\"c9\",\"com.example.v1.echo\",\"still here\"]"))
                    .isEqualTo("[3,\"c9\",\"still here\"]");
        }
    }

    @Test
    void publicationsCrossWampV1WampV2SgcAndSse() throws Exception {
        String topic = "com.v1.news.today";
        try (V1 subscriber = v1("wamp");
                V1 publisher = v1("WAMP");
                TestClient.Recorder v2 = v2();
                TestClient.Recorder sgc = TestClient.connect(http, TestClient.ws(server), "esegece.com");
                SseClient stream = SseClient.open(
                        http, URI.create("http://127.0.0.1:" + server.port() + "/sse/" + topic), Map.of())) {
            stream.next("connection");
            subscriber.send("[1,\"news\",\"com.v1.news.\"]");
            subscriber.send("[5,\"news:today\"]");
            assertThat(v2.ask("[32,1,{},\"" + topic + "\"]")).isEqualTo("[33,1,1]");
            sgc.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + topic
                    + "\"},\"id\":\"s\"}");
            sgc.nextContaining("sgc@subscribe");
            // The subscriber's SUBSCRIBE has no reply: its own publication coming back shows it is in place.
            subscriber.send("[7,\"" + topic + "\",\"ready\"]");
            assertThat(subscriber.next()).isEqualTo("[8,\"" + topic + "\",\"ready\"]");
            assertThat(v2.nextText()).endsWith(",{},[\"ready\"]]");
            sgc.nextContaining("ready");
            assertThat(stream.next().data()).contains("ready");

            publisher.send("[7,\"" + topic + "\",\"from v1\"]");
            assertThat(subscriber.next()).isEqualTo("[8,\"" + topic + "\",\"from v1\"]");
            assertThat(v2.nextText()).startsWith("[36,1,").endsWith(",{},[\"from v1\"]]");
            assertThat(sgc.nextContaining("from v1")).contains("sgc@event").contains("\"channel\":\"" + topic + "\"");
            assertThat(stream.next().data()).contains("from v1");

            // An event that is not a string is one WAMP v2 argument.
            publisher.send("[7,\"" + topic + "\",{\"n\":1}]");
            assertThat(subscriber.next()).isEqualTo("[8,\"" + topic + "\",{\"n\":1}]");
            assertThat(v2.nextText()).startsWith("[36,1,").endsWith(",{},[{\"n\":1}]]");

            v2.send("[16,1,{},\"" + topic + "\",[\"from v2\"]]");
            assertThat(subscriber.next()).isEqualTo("[8,\"" + topic + "\",\"from v2\"]");
            v2.send("[16,2,{},\"" + topic + "\",[1,2],{\"k\":\"v\"}]");
            assertThat(subscriber.next()).isEqualTo("[8,\"" + topic + "\",{\"args\":[1,2],\"kwargs\":{\"k\":\"v\"}}]");

            sgc.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + topic
                    + "\",\"message\":\"from sgc\"}}");
            assertThat(subscriber.next()).isEqualTo("[8,\"" + topic + "\",\"from sgc\"]");
            assertThat(v2.nextText()).endsWith(",{},[\"from sgc\"]]");

            // After UNSUBSCRIBE (by the full URI this time) the subscriber gets nothing more, not even its own
            // publication (it publishes itself, so the UNSUBSCRIBE is handled first); v2 still gets it.
            subscriber.send("[6,\"" + topic + "\"]");
            subscriber.send("[7,\"" + topic + "\",\"after\"]");
            assertThat(v2.nextText()).endsWith(",{},[\"after\"]]");
            subscriber.send("[5,\"com.v1.other\"]");
            subscriber.send("[7,\"com.v1.other\",\"marker\"]");
            assertThat(subscriber.next()).isEqualTo("[8,\"com.v1.other\",\"marker\"]");
        }
    }

    @Test
    void excludeMeExcludeAndEligibleNarrowTheSubscribers() throws Exception {
        String topic = "com.v1.narrow";
        try (V1 a = v1("wamp");
                V1 b = v1("wamp");
                V1 c = v1("WAMP")) {
            for (V1 client : List.of(a, b, c)) {
                client.send("[5,\"" + topic + "\"]");
                client.send("[7,\"" + topic + "\",\"ready\",[],[\"" + client.session() + "\"]]");
                assertThat(client.next()).isEqualTo("[8,\"" + topic + "\",\"ready\"]");
            }
            String marker = "[8,\"" + topic + "\",\"marker\"]";

            // excludeMe: everyone but the publisher; the marker after it shows the publisher got nothing before.
            a.send("[7,\"" + topic + "\",\"not to a\",true]");
            a.send("[7,\"" + topic + "\",\"marker\",[],[\"" + a.session() + "\"]]");
            assertThat(a.next()).isEqualTo(marker);
            assertThat(b.next()).isEqualTo("[8,\"" + topic + "\",\"not to a\"]");
            assertThat(c.next()).isEqualTo("[8,\"" + topic + "\",\"not to a\"]");

            // excludeMe false, as by default: the publisher too.
            a.send("[7,\"" + topic + "\",\"to all\",false]");
            for (V1 client : List.of(a, b, c)) {
                assertThat(client.next()).isEqualTo("[8,\"" + topic + "\",\"to all\"]");
            }

            // exclude b; an empty eligible list restricts nothing.
            a.send("[7,\"" + topic + "\",\"not to b\",[\"" + b.session() + "\"],[]]");
            a.send("[7,\"" + topic + "\",\"marker\",[],[\"" + b.session() + "\"]]");
            assertThat(b.next()).isEqualTo(marker);
            assertThat(a.next()).isEqualTo("[8,\"" + topic + "\",\"not to b\"]");
            assertThat(c.next()).isEqualTo("[8,\"" + topic + "\",\"not to b\"]");

            // eligible c only.
            a.send("[7,\"" + topic + "\",\"only c\",[],[\"" + c.session() + "\"]]");
            a.send("[7,\"" + topic + "\",\"marker\",[],[\"" + a.session() + "\",\"" + b.session() + "\"]]");
            assertThat(c.next()).isEqualTo("[8,\"" + topic + "\",\"only c\"]");
            assertThat(a.next()).isEqualTo(marker);
            assertThat(b.next()).isEqualTo(marker);

            // exclude alone, without an eligible list.
            b.send("[7,\"" + topic + "\",\"not to c\",[\"" + c.session() + "\"]]");
            b.send("[7,\"" + topic + "\",\"marker\",[],[\"" + c.session() + "\"]]");
            assertThat(c.next()).isEqualTo(marker);
            assertThat(a.next()).isEqualTo("[8,\"" + topic + "\",\"not to c\"]");
            assertThat(b.next()).isEqualTo("[8,\"" + topic + "\",\"not to c\"]");
        }
    }

    @Test
    void whatThePermissionRulesRefuseIsNotDoneAndTheSessionGoesOn() throws Exception {
        try (V1 client = v1("wamp");
                TestClient.Recorder watcher = v2()) {
            // secret.* is for administrators: the subscription is not made.
            client.send("[5,\"secret.plans\"]");
            client.send("[7,\"secret.plans\",\"leak\"]");
            client.send("[5,\"open.plans\"]");
            client.send("[7,\"open.plans\",\"fine\"]");
            assertThat(client.next()).isEqualTo("[8,\"open.plans\",\"fine\"]");

            // readonly.* takes publications of administrators only.
            assertThat(watcher.ask("[32,1,{},\"readonly.board\"]")).isEqualTo("[33,1,1]");
            client.send("[7,\"readonly.board\",\"refused\"]");
            assertThat(watcher.pollText(Duration.ofMillis(300))).isNull();
            assertThat(client.ask("[2,\"c1\",\"com.example.v1.echo\",\"on\"]")).isEqualTo("[3,\"c1\",\"on\"]");
        }
    }

    @Test
    void aUserLoggedInAtTheHandshakeIsServedWhatTheRulesGiveThatUser() throws Exception {
        try (V1 admin = v1("wamp", BasicAuth.basic("root", "pw"));
                V1 anonymous = v1("wamp")) {
            assertThat(admin.ask("[2,\"c1\",\"com.example.admin.reset\"]")).isEqualTo("[3,\"c1\",\"done\"]");
            assertThat(anonymous.ask("[2,\"c1\",\"com.example.admin.reset\"]"))
                    .startsWith("[4,\"c1\",\"wamp.error.not_authorized\",");
            admin.send("[5,\"secret.plans\"]");
            anonymous.send("[5,\"secret.plans\"]");
            anonymous.send("[5,\"readonly.board\"]");
            // Its own publication coming back shows its subscriptions are in place before the administrator publishes.
            anonymous.send("[5,\"open.sync\"]");
            assertThat(anonymous.ask("[7,\"open.sync\",\"synced\"]")).isEqualTo("[8,\"open.sync\",\"synced\"]");
            admin.send("[7,\"secret.plans\",\"for admins\"]");
            assertThat(admin.next()).isEqualTo("[8,\"secret.plans\",\"for admins\"]");
            admin.send("[7,\"readonly.board\",\"announcement\"]");
            // The anonymous session's first event is the announcement: it never had the secret one.
            assertThat(anonymous.next()).isEqualTo("[8,\"readonly.board\",\"announcement\"]");
        }
    }
}
