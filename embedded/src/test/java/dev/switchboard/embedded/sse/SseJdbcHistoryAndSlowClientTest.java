package dev.switchboard.embedded.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import javax.naming.InitialContext;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SSE with the JDBC history store on the embedded server's H2 DataSource, and with small outbound queues so a
 * client that stops reading is cut off.
 */
class SseJdbcHistoryAndSlowClientTest {

    private static final int MESSAGES = 400;
    private static final int SIZE = 64 * 1024;

    static SwitchboardServer server;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(SseTestProtocol.class)
                .environmentEntry(ConfigKeys.HISTORY_STORE, "jdbc")
                .environmentEntry(ConfigKeys.OUTBOUND_MAX_MESSAGES, "16")
                .environmentEntry(ConfigKeys.OUTBOUND_MAX_BYTES, String.valueOf(4 * 1024 * 1024))
                .build();
        server.start();
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        client.shutdownNow();
        server.stop();
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static int post(String path, String body) throws Exception {
        return client.send(
                        HttpRequest.newBuilder(uri(path))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void lastEventIdReplaysFromTheDatabase() throws Exception {
        try (SseClient publisher = SseClient.open(client, uri("/sse?subprotocol=" + SseTestProtocol.NAME), Map.of())) {
            String publisherId = publisher.next("connection").data();
            String lastId;
            try (SseClient stream = SseClient.open(client, uri("/sse/db-resume"), Map.of())) {
                stream.next("connection");
                assertThat(post("/sse/send/" + publisherId, "publish db-resume one"))
                        .isEqualTo(202);
                SseClient.Event one = stream.next("message");
                assertThat(one.data()).isEqualTo("one");
                lastId = one.id();
            }
            assertThat(post("/sse/send/" + publisherId, "publish db-resume two"))
                    .isEqualTo(202);

            try (SseClient resumed = SseClient.open(client, uri("/sse/db-resume"), Map.of("Last-Event-ID", lastId))) {
                resumed.next("connection");
                SseClient.Event two = resumed.next();
                assertThat(two.data()).isEqualTo("two");
                assertThat(two.id())
                        .startsWith("db-resume=" + lastId.substring("db-resume=".length(), lastId.indexOf(':')) + ":2");
            }
        }
        DataSource dataSource = (DataSource) new InitialContext().lookup("java:comp/env/jdbc/switchboard");
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT COUNT(*) FROM sb_history_entry WHERE channel = 'db-resume'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffWhileAReadingOneGetsEverything() throws Exception {
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = slow.getOutputStream();
            out.write(("GET /sse/flood HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (SseClient fast = SseClient.open(client, uri("/sse/flood"), Map.of());
                    SseClient publisher =
                            SseClient.open(client, uri("/sse?subprotocol=" + SseTestProtocol.NAME), Map.of())) {
                fast.next("connection");
                String publisherId = publisher.next("connection").data();

                // From here on the slow client reads nothing.
                assertThat(post("/sse/send/" + publisherId, "flood flood " + MESSAGES + " " + SIZE))
                        .isEqualTo(202);

                for (int i = 0; i < MESSAGES; i++) {
                    assertThat(fast.next("message").data()).startsWith(i + ":");
                }
                String summary = publisher.next().data();
                assertThat(summary).startsWith("ok ");
                // Fewer deliveries than two full rounds: the slow subscriber was cut off part-way.
                assertThat(Integer.parseInt(summary.substring(3))).isLessThan(2 * MESSAGES);
            }
        }
    }
}
