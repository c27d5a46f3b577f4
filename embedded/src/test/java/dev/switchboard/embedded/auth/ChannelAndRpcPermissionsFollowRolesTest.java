package dev.switchboard.embedded.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.BasicAuth;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Channel and RPC permissions by role over the sgc protocol and SSE; anonymous connections are allowed here. */
class ChannelAndRpcPermissionsFollowRolesTest {

    private static final String SGC = "esegece.com";

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "reader", "pw", "reader");
        Users.add(users, "editor", "pw", "reader", "editor");
        Users.add(users, "root", "pw", "admin");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(AdminRpc.class)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_SUBSCRIBE, "public.*=; news.*=reader,admin; *=admin")
                .environmentEntry(ConfigKeys.AUTH_PUBLISH, "news.*=editor; *=admin")
                .environmentEntry(ConfigKeys.AUTH_RPC, "admin.*=admin; *=*")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static Map<String, String> as(String user) {
        return BasicAuth.basic(user, "pw");
    }

    private static TestClient.Recorder sgc(HttpClient client, Map<String, String> headers) throws Exception {
        TestClient.Recorder socket = AuthClient.connect(client, AuthClient.ws(server, "/"), SGC, headers);
        socket.nextContaining("sgc@session");
        return socket;
    }

    private static String subscribe(String channel, int id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + channel
                + "\"},\"id\":\"" + id + "\"}";
    }

    private static String publish(String channel, String message, int id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                + "\",\"message\":\"" + message + "\"},\"id\":\"" + id + "\"}";
    }

    private static String call(String method, int id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"id\":\"" + id + "\"}";
    }

    /** The reply with this id (an acknowledgment comes first for messages with an id). */
    private static String reply(TestClient.Recorder socket, int id) throws InterruptedException {
        while (true) {
            String text = socket.nextContaining("\"id\":\"" + id + "\"");
            if (!text.contains("sgc@acknowledgment")) {
                return text;
            }
        }
    }

    @Test
    void subscriptionsFollowTheFirstMatchingRule() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder anonymous = sgc(client, Map.of());
                TestClient.Recorder reader = sgc(client, as("reader"))) {
            anonymous.send(subscribe("public.lobby", 1));
            assertThat(reply(anonymous, 1))
                    .contains("\"channel\":\"public.lobby\"")
                    .doesNotContain("error");
            anonymous.send(subscribe("news.eu", 2));
            assertThat(reply(anonymous, 2)).contains("\"code\":-32003").contains("log in to subscribe to news.eu");

            reader.send(subscribe("news.eu", 3));
            assertThat(reply(reader, 3)).contains("\"channel\":\"news.eu\"").doesNotContain("error");
            reader.send(subscribe("ops.alerts", 4));
            assertThat(reply(reader, 4)).contains("\"code\":-32003").contains("no role to subscribe to ops.alerts");
            reader.send(subscribe("*", 5));
            assertThat(reply(reader, 5)).as("a mask reaching admin channels").contains("\"code\":-32003");
            reader.send(subscribe("news.*", 6));
            assertThat(reply(reader, 6)).contains("\"channel\":\"news.*\"").doesNotContain("error");
        }
    }

    @Test
    void publicationsNeedThePublishRole() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder reader = sgc(client, as("reader"));
                TestClient.Recorder editor = sgc(client, as("editor"))) {
            reader.send(subscribe("news.local", 1));
            reply(reader, 1);
            reader.send(publish("news.local", "from reader", 2));
            assertThat(reply(reader, 2)).contains("\"code\":-32003").contains("no role to publish to news.local");
            editor.send(publish("news.local", "from editor", 3));
            assertThat(reader.nextContaining("sgc@event")).contains("from editor");
            editor.send(publish("ops.alerts", "nope", 4));
            assertThat(reply(editor, 4)).contains("\"code\":-32003");
        }
    }

    @Test
    void rpcMethodsNeedTheirRoles() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder anonymous = sgc(client, Map.of());
                TestClient.Recorder reader = sgc(client, as("reader"));
                TestClient.Recorder root = sgc(client, as("root"))) {
            anonymous.send(call("me", 1));
            assertThat(reply(anonymous, 1)).contains("\"code\":-32003").contains("log in to call me");
            reader.send(call("me", 2));
            assertThat(reply(reader, 2)).contains("\"result\":\"reader\"");
            reader.send(call("admin.reset", 3));
            assertThat(reply(reader, 3)).contains("\"code\":-32003").contains("no role to call admin.reset");
            root.send(call("admin.reset", 4));
            assertThat(reply(root, 4)).contains("\"result\":\"reset\"");
        }
    }

    @Test
    void aForbiddenSseSubscriptionGets403() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> refused = client.send(
                    HttpRequest.newBuilder(AuthClient.http(server, "/sse?channel=ops.alerts"))
                            .header("Accept", "text/event-stream")
                            .headers("Authorization", as("reader").get("Authorization"))
                            .timeout(AuthClient.DEADLINE)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("ops.alerts");
            HttpResponse<InputStream> allowed = client.send(
                    HttpRequest.newBuilder(AuthClient.http(server, "/sse?channel=news.eu"))
                            .header("Accept", "text/event-stream")
                            .headers("Authorization", as("reader").get("Authorization"))
                            .timeout(AuthClient.DEADLINE)
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = allowed.body()) {
                assertThat(allowed.statusCode()).isEqualTo(200);
            }
        }
    }
}
