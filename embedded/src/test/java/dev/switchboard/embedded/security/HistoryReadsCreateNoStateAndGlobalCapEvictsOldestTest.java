package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.sse.SseClient;
import dev.switchboard.embedded.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client reads the history of channels nobody publishes to, as many as it likes (event streams on
 * {@code ?channel=} names, {@code sgc@resume} of unknown channels): the stores create no state for reads, so the
 * JDBC store's channel table stays empty and the memory store's global cap is not filled by them. When publishers
 * do exceed the memory store's cap, the channels least recently appended to are dropped, and a client resuming
 * one of them is told so with an explicit {@code gap} event of reason {@code epoch} before the new publications.
 */
class HistoryReadsCreateNoStateAndGlobalCapEvictsOldestTest {

    private static final String SGC = "esegece.com";

    @TempDir
    Path dataDir;

    private static URI http(SwitchboardServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static TestClient.Recorder sgc(HttpClient client, SwitchboardServer server) throws Exception {
        TestClient.Recorder socket =
                TestClient.connect(client, URI.create("ws://127.0.0.1:" + server.port() + "/"), Map.of(), SGC);
        socket.nextContaining("sgc@session");
        return socket;
    }

    /** Publishes and waits until the server has processed it (requests of one connection are handled in order). */
    private static void publish(TestClient.Recorder publisher, String channel, String message) throws Exception {
        publisher.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                + "\",\"message\":\"" + message + "\"}}");
        publisher.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@protocol\"}");
        assertThat(publisher.nextContaining("esegece")).isEqualTo(SGC);
    }

    /** Opens an event stream on one channel, optionally resuming, and waits for its connection event. */
    private static SseClient stream(HttpClient client, SwitchboardServer server, String channel, String lastEventId)
            throws Exception {
        SseClient stream = SseClient.open(
                client,
                http(server, "/sse?channel=" + channel),
                lastEventId == null ? Map.of() : Map.of("Last-Event-ID", lastEventId));
        stream.next("connection");
        return stream;
    }

    @Test
    void readsOfUnknownChannelsCreateNoRowsInTheJdbcStore() throws Exception {
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .environmentEntry(ConfigKeys.HISTORY_STORE, "jdbc")
                .build();
        server.start();
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder reader = sgc(client, server)) {
            for (int i = 0; i < 30; i++) {
                stream(client, server, "probe-" + i, null).close();
            }
            for (int i = 0; i < 10; i++) {
                reader.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@resume\",\"params\":{\"channel\":\"resume-" + i
                        + "\",\"epoch\":\"abc\",\"offset\":3},\"id\":\"r" + i + "\"}");
                reader.nextContaining("\"method\":\"sgc@resume\"");
            }
            publish(reader, "real", "m");

            // The JDBC store may block, so the broker appends off the publisher's thread: the publication's row
            // shows once the append has committed. The reads came before it on the same connection, so by then
            // any row a read would have created exists too.
            Await.value("the published channel's row", () -> channelRows(server, "real"), rows -> rows == 1);
            assertThat(channelRows(server, "probe-%")).isZero();
            assertThat(channelRows(server, "resume-%")).isZero();
        } finally {
            server.stop();
        }
    }

    private static int channelRows(SwitchboardServer server, String like) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "sa", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT COUNT(*) FROM sb_history_channel WHERE channel LIKE '" + like + "'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void theMemoryCapDropsTheOldestChannelAndItsResumingClientIsToldOfTheGap() throws Exception {
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.HISTORY_MAX_CHANNELS, "4")
                .build();
        server.start();
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder publisher = sgc(client, server)) {
            String seen;
            try (SseClient first = stream(client, server, "keep", null)) {
                publish(publisher, "keep", "one");
                seen = first.next("message").id();
            }

            // Reads of many other channels take none of the four places.
            for (int i = 0; i < 20; i++) {
                stream(client, server, "probe-" + i, null).close();
            }
            publish(publisher, "keep", "two");
            String resumedAt;
            try (SseClient resumed = stream(client, server, "keep", seen)) {
                SseClient.Event next = resumed.next();
                assertThat(next.type()).isEqualTo("message");
                assertThat(next.data()).isEqualTo("two");
                resumedAt = next.id();
            }

            // Publications to five more channels exceed the cap: "keep", appended to least recently, is dropped.
            for (int i = 0; i < 5; i++) {
                publish(publisher, "other-" + i, "x");
            }
            publish(publisher, "keep", "three");

            try (SseClient afterDrop = stream(client, server, "keep", resumedAt)) {
                SseClient.Event gap = afterDrop.next();
                assertThat(gap.type()).isEqualTo("gap");
                assertThat(gap.data()).contains("\"channel\":\"keep\"").contains("\"reason\":\"epoch\"");
                assertThat(afterDrop.next("message").data()).isEqualTo("three");
            }
        } finally {
            server.stop();
        }
    }
}
