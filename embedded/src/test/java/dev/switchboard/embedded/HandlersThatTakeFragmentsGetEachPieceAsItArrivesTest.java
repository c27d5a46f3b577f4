package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.sse.SseClient;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A handler that takes fragments (sgc's OnFragmented) is handed each fragment of a WebSocket message as the client sent
 * it, in order, the last one marked, and never the message whole; a message the client sent in one frame reaches it as
 * one last fragment. The message stays bounded as a whole (1009 when its fragments pass the size limit), the firewall
 * counts a message in many fragments once against its flood limit, and reads across fragment boundaries, so an attack
 * the client cuts in two is still refused with 1008. Other connections keep being served.
 */
class HandlersThatTakeFragmentsGetEachPieceAsItArrivesTest {

    private static final String PROTOCOL = "pieces.test.switchboard.dev";
    private static final int MAX_MESSAGE = 64 * 1024;
    /** Messages a second from one address: every test's messages fit, one message's fragments do not. */
    private static final int FLOOD_MAX = 20;

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(Pieces.class)
            .environmentEntry(ConfigKeys.WEBSOCKET_MAX_TEXT_MESSAGE_SIZE, String.valueOf(MAX_MESSAGE))
            .environmentEntry(ConfigKeys.WEBSOCKET_MAX_BINARY_MESSAGE_SIZE, String.valueOf(MAX_MESSAGE))
            .environmentEntry(ConfigKeys.FIREWALL_FLOOD_ENABLED, "true")
            .environmentEntry(ConfigKeys.FIREWALL_FLOOD_MAX, String.valueOf(FLOOD_MAX))
            .environmentEntry(ConfigKeys.FIREWALL_XSS_ENABLED, "true"));

    /** Answers each fragment with what it got: {@code text <length> <last> <fragment>} or {@code binary <n> <last>}. */
    @ApplicationScoped
    @Subprotocol(PROTOCOL)
    public static class Pieces implements SubprotocolHandler {
        @Override
        public boolean receivesFragments() {
            return true;
        }

        @Override
        public void onTextFragment(Connection connection, String fragment, boolean last) {
            connection.sendText("text " + fragment.length() + " " + last + " "
                    + (fragment.length() > 40 ? fragment.substring(0, 40) : fragment));
        }

        @Override
        public void onBinaryFragment(Connection connection, ByteBuffer fragment, boolean last) {
            connection.sendText("binary " + fragment.remaining() + " " + last);
        }

        @Override
        public void onText(Connection connection, String message) {
            connection.sendText("whole text: never for this handler");
        }
    }

    private static TestClient.Recorder connect() throws Exception {
        return TestClient.connect(node.client(), node.ws("/"), PROTOCOL);
    }

    private static void sendInPieces(WebSocket socket, List<String> pieces) {
        for (int i = 0; i < pieces.size(); i++) {
            socket.sendText(pieces.get(i), i == pieces.size() - 1).join();
        }
    }

    @Test
    void eachTextFragmentArrivesInOrderWithTheLastOneMarked() throws Exception {
        try (TestClient.Recorder client = connect()) {
            sendInPieces(client.socket, List.of("first piece", "second", "the end"));
            assertThat(client.nextText()).isEqualTo("text 11 false first piece");
            assertThat(client.nextText()).isEqualTo("text 6 false second");
            assertThat(client.nextText()).isEqualTo("text 7 true the end");

            client.send("one frame");
            assertThat(client.nextText()).isEqualTo("text 9 true one frame");
        }
    }

    @Test
    void eachBinaryFragmentArrivesInOrderWithTheLastOneMarked() throws Exception {
        try (TestClient.Recorder client = connect()) {
            client.socket.sendBinary(ByteBuffer.allocate(1000), false).join();
            client.socket.sendBinary(ByteBuffer.allocate(2000), false).join();
            client.socket.sendBinary(ByteBuffer.allocate(3), true).join();
            assertThat(client.nextText()).isEqualTo("binary 1000 false");
            assertThat(client.nextText()).isEqualTo("binary 2000 false");
            assertThat(client.nextText()).isEqualTo("binary 3 true");
        }
    }

    @Test
    void fragmentsPassingTheMessageSizeLimitCloseTheConnectionWith1009() throws Exception {
        try (TestClient.Recorder big = connect();
                TestClient.Recorder other = connect()) {
            String piece = "x".repeat(MAX_MESSAGE / 4);
            // Each fragment is well within the limit; the fifth takes the message past it.
            for (int i = 0; i < 5; i++) {
                big.socket.sendText(piece, false);
            }
            assertThat(big.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
            // The container hands over what it read at once, so the pieces the handler got need not be the frames.
            long handed = 0;
            for (String answer = big.pollText(Duration.ZERO); answer != null; answer = big.pollText(Duration.ZERO)) {
                assertThat(answer).matches("text \\d+ false x*");
                handed += Long.parseLong(answer.split(" ")[1]);
            }
            assertThat(handed).isLessThanOrEqualTo(MAX_MESSAGE).isGreaterThan(0);
            assertThat(other.ask("still here")).isEqualTo("text 10 true still here");
        }
    }

    @Test
    void aMessageInManyFragmentsCountsOnceAgainstTheFloodLimit() throws Exception {
        try (TestClient.Recorder client = connect()) {
            int count = FLOOD_MAX * 2;
            List<String> pieces = java.util.stream.IntStream.range(0, count)
                    .mapToObj(i -> "p" + i)
                    .toList();
            sendInPieces(client.socket, pieces);
            for (int i = 0; i < count - 1; i++) {
                assertThat(client.nextText()).isEqualTo("text " + ("p" + i).length() + " false p" + i);
            }
            assertThat(client.nextText()).isEqualTo("text 3 true p" + (count - 1));
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void anAttackCutInTwoAtAFragmentBoundaryIsStillRefusedWith1008() throws Exception {
        try (TestClient.Recorder attacker = connect();
                TestClient.Recorder other = connect()) {
            // Neither half is an attack on its own; together they open a script element.
            sendInPieces(attacker.socket, List.of("hello <scr", "ipt> there"));
            assertThat(attacker.nextText()).isEqualTo("text 10 false hello <scr");
            assertThat(attacker.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(other.ask("<b>fine</b>")).isEqualTo("text 11 true <b>fine</b>");
        }
    }

    @Test
    void aMessagePostedToAnEventStreamReachesTheHandlerAsOneLastFragment() throws Exception {
        // A handler that takes fragments needs no onText: a transport without fragments hands it one last fragment.
        try (SseClient stream = SseClient.open(node.client(), node.http("/sse?subprotocol=" + PROTOCOL), Map.of())) {
            String id = stream.next("connection").data();
            HttpResponse<String> posted = node.client()
                    .send(
                            HttpRequest.newBuilder(node.http("/sse/send/" + id))
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"whole\":true}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(202);
            assertThat(stream.next().data()).isEqualTo("text 14 true {\"whole\":true}");
        }
    }
}
