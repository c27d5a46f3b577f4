package dev.switchboard.embedded.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.api.event.PongEvent;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every pong reaches the connection's handler ({@code onPong}) and then the {@link PongEvent} observers: an unsolicited
 * one with no round trip, the answer to {@code Gateway.ping} with its round trip.
 */
class PongsReachTheHandlerAndThePongEventObserversTest {

    /** Reports each pong it sees to the client; {@code ping} measures a round trip. */
    @ApplicationScoped
    @Subprotocol(PongProbe.NAME)
    public static class PongProbe implements SubprotocolHandler {
        static final String NAME = "pong.test.switchboard.dev";

        @Inject
        Gateway gateway;

        @Override
        public void onText(Connection connection, String message) {
            if (message.equals("ping")) {
                gateway.ping(connection.id()).thenAccept(rtt -> connection.sendText("rtt"));
            }
        }

        @Override
        public void onPong(Connection connection, ByteBuffer payload) {
            connection.sendText("handler " + StandardCharsets.UTF_8.decode(payload));
        }
    }

    /** Reports each pong event to the connection it arrived on. */
    @ApplicationScoped
    public static class PongObserver {
        void onPong(@Observes PongEvent event) {
            event.connection()
                    .sendText("event " + StandardCharsets.UTF_8.decode(event.payload()) + " "
                            + event.roundTrip()
                                    .map(rtt -> rtt.isNegative() || rtt.isZero() ? "bad" : "measured")
                                    .orElse("none"));
        }
    }

    private static SwitchboardServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(PongProbe.class, PongObserver.class)
                .build();
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        server.stop();
    }

    @Test
    void anUnsolicitedPongAndTheAnswerToAPingReachTheHandlerThenTheObservers() throws Exception {
        BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder()
                .subprotocols(PongProbe.NAME)
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        texts.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        try {
            socket.sendPong(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)))
                    .join();
            assertThat(next(texts, 2)).containsExactly("handler hello", "event hello none");

            // The JDK client answers the measuring ping by itself, echoing the payload.
            socket.sendText("ping", true).join();
            List<String> answers = next(texts, 3);
            assertThat(answers).contains("rtt");
            String handlerSaw = answers.stream()
                    .filter(t -> t.startsWith("handler "))
                    .findFirst()
                    .orElseThrow();
            String payload = handlerSaw.substring("handler ".length());
            assertThat(payload).isNotEmpty().isNotEqualTo("hello");
            assertThat(answers).contains("event " + payload + " measured");
            // The handler sees the pong before the observers do.
            assertThat(answers.indexOf(handlerSaw)).isLessThan(answers.indexOf("event " + payload + " measured"));
        } finally {
            socket.abort();
        }
    }

    private static List<String> next(BlockingQueue<String> texts, int count) throws InterruptedException {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = texts.poll(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(text)
                    .as("text " + (i + 1) + " of " + count + " within the deadline, after " + got)
                    .isNotNull();
            got.add(text);
        }
        return got;
    }
}
