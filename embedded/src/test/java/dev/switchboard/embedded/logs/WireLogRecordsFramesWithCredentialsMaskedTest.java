package dev.switchboard.embedded.logs;

import static dev.switchboard.embedded.logs.WireLogFiles.awaitLine;
import static dev.switchboard.embedded.logs.WireLogFiles.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.auth.AuthClient;
import dev.switchboard.embedded.auth.Users;
import dev.switchboard.embedded.sse.SseClient;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the wire log on, an sgc WebSocket client and an SSE client leave every frame in the file, each line with the
 * time, the connection id, the direction and the transport; the password and every ticket they used (in the URL,
 * in an sgc credential refresh, in a published message, the SSE post key) never appear in it.
 */
class WireLogRecordsFramesWithCredentialsMaskedTest {

    private static final String PASSWORD = "alice-pw-Wire7";
    private static final String SGC = "esegece.com";

    @TempDir
    static Path dir;

    static Path wireLog;
    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        wireLog = dir.resolve("logs/wire.log");
        Path users = Users.add(dir.resolve("users"), "alice", PASSWORD, "staff");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(EchoProbeProtocol.class)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_SGC_URLS, "true")
                .environmentEntry(ConfigKeys.WIRELOG_ENABLED, "true")
                .environmentEntry(ConfigKeys.WIRELOG_FILE, wireLog.toString())
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static String ticket(HttpClient client) throws Exception {
        return AuthClient.field(
                AuthClient.login(client, server, "alice", PASSWORD).body(), "ticket");
    }

    @Test
    void anSgcWebSocketClientsFramesAreLoggedWithoutItsCredentials() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String connectTicket = ticket(client);
            String refreshTicket = ticket(client);
            String id;
            try (TestClient.Recorder socket =
                    AuthClient.connect(client, AuthClient.ws(server, "/?ticket=" + connectTicket), SGC, Map.of())) {
                id = AuthClient.field(socket.nextContaining("sgc@session"), "message");
                socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"wire\"},"
                        + "\"id\":\"s1\"}");
                socket.nextContaining("\"sgc@subscribe\"");
                socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"wire\","
                        + "\"message\":{\"note\":\"hello wire\",\"password\":\"" + PASSWORD + "\"}},\"id\":\"p1\"}");
                socket.nextContaining("hello wire");
                socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@refresh\",\"params\":{\"ticket\":\"" + refreshTicket
                        + "\"},\"id\":\"r1\"}");
                socket.nextContaining("\"sgc@refresh\"");
            }
            awaitLine(wireLog, id, " in websocket close ");
            awaitLine(wireLog, id, " in websocket open ", "user alice", "subprotocol esegece.com");
            awaitLine(wireLog, id, " in websocket text ", "sgc@subscribe");
            awaitLine(wireLog, id, " out websocket text ", "sgc@session");
            awaitLine(wireLog, id, " in websocket text ", "sgc@publish", "\"password\":\"***\"");
            // Sent on as a JSON string: its quotes are escaped, and the log doubles the escape's backslash.
            awaitLine(wireLog, id, " out websocket text ", "hello wire", "password\\\\\":\\\\\"***");
            awaitLine(wireLog, id, " in websocket text ", "sgc@refresh", "\"ticket\":\"***\"");

            // The sgc URL form carries the password in the path.
            try (TestClient.Recorder socket = AuthClient.connect(
                    client, AuthClient.ws(server, "/sgc/auth/url/alice/" + PASSWORD), SGC, Map.of())) {
                String urlId = AuthClient.field(socket.nextContaining("sgc@session"), "message");
                awaitLine(wireLog, urlId, " in websocket open ", "user alice");
            }

            List<String> all = lines(wireLog);
            assertThat(all)
                    .allSatisfy(line -> assertThat(line)
                            .doesNotContain(PASSWORD)
                            .doesNotContain(connectTicket)
                            .doesNotContain(refreshTicket)
                            .matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z .*"));
        }
    }

    @Test
    void anSseClientsEventsAndPostsAreLoggedWithoutItsTicketOrPostKey() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String ticket = ticket(client);
            try (SseClient stream = SseClient.open(
                    client,
                    AuthClient.http(server, "/sse?subprotocol=" + EchoProbeProtocol.NAME + "&ticket=" + ticket),
                    Map.of())) {
                String key = stream.next("post-key").data();
                String id = stream.next("connection").data();
                assertThat(AuthClient.post(
                                        client,
                                        AuthClient.http(server, "/sse/send/" + id),
                                        "text/plain;charset=utf-8",
                                        "sse hello",
                                        Map.of("X-Switchboard-Post-Key", key))
                                .statusCode())
                        .isEqualTo(202);
                assertThat(stream.next("message").data()).isEqualTo("echo sse hello");

                awaitLine(wireLog, id, " in sse open ", "user alice");
                awaitLine(wireLog, id, " in sse text ", "sse hello");
                awaitLine(wireLog, id, " out sse text ", "echo sse hello");
                awaitLine(wireLog, id, " out sse text ", "post-key", "***");
                assertThat(lines(wireLog))
                        .allSatisfy(line -> assertThat(line)
                                .doesNotContain(ticket)
                                .doesNotContain(key)
                                .doesNotContain(PASSWORD));
            }
        }
    }
}
