package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.Credentials;
import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server closes a link's connection through its admin API with a chosen code. */
class ServerCloseCodesDecideWhetherTheLinkComesBackTest {

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Credentials.addUser(dir.resolve("users"), "root", "root-pw", "admin");
        server = TestServers.start(builder -> builder.environmentEntry(ConfigKeys.AUTH_USERS, users.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    private static void closeConnection(String id, int code) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(TestServers.http(server, "/admin/api/connections/" + id + "/close"))
                            .header(
                                    "Authorization",
                                    "Basic "
                                            + Base64.getEncoder()
                                                    .encodeToString("root:root-pw".getBytes(StandardCharsets.UTF_8)))
                            .header("X-Switchboard-Admin", "1")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"code\":" + code + ",\"reason\":\"by the test\"}"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
        }
    }

    /** The connection id from the sgc session message the server sends first. */
    private static String connectionId(RecordingListener listener) {
        String session = listener.awaitText("the sgc session message", text -> text.contains("sgc@session"));
        int at = session.indexOf("\"message\":\"") + 11;
        return session.substring(at, session.indexOf('"', at));
    }

    private static LinkOptions options(LinkTransport transport) {
        return LinkOptions.builder(TestServers.ws(server))
                .subprotocols(TestServers.SGC)
                .transports(transport)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .build();
    }

    @Test
    void aReconnectRangeCodeBringsTheLinkBack() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (Link link = Links.open(options(LinkTransport.WEBSOCKET), listener)) {
            listener.awaitOpened(1);
            closeConnection(connectionId(listener), 4100);

            LinkClosed closed = listener.awaitClosed(1);
            assertThat(closed.code()).isEqualTo(4100);
            assertThat(closed.reason()).isEqualTo("by the test");
            assertThat(closed.retrying()).isTrue();
            assertThat(listener.awaitOpened(2).reconnected()).isTrue();
        }
    }

    @Test
    void aTerminalCodeStopsTheLink() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (Link link = Links.open(options(LinkTransport.WEBSOCKET), listener)) {
            listener.awaitOpened(1);
            closeConnection(connectionId(listener), 4503);

            LinkClosed closed = listener.awaitClosed(1);
            assertThat(closed.code()).isEqualTo(4503);
            assertThat(closed.retrying()).isFalse();
            Await.until("the link closed", () -> link.state() == LinkState.CLOSED);
            assertThat(listener.sessions).hasSize(1);
        }
    }

    @Test
    void policyViolationStopsTheLink() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (Link link = Links.open(options(LinkTransport.WEBSOCKET), listener)) {
            listener.awaitOpened(1);
            closeConnection(connectionId(listener), 1008);

            assertThat(listener.awaitClosed(1).retrying()).isFalse();
        }
    }

    @Test
    void anSseStreamsDisconnectEventCarriesTheTerminalCode() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (Link link = Links.open(options(LinkTransport.SSE), listener)) {
            LinkSession session = listener.awaitOpened(1);
            closeConnection(session.connectionId(), 4503);

            LinkClosed closed = listener.awaitClosed(1);
            assertThat(closed.code()).isEqualTo(4503);
            assertThat(closed.retrying()).isFalse();
        }
    }
}
