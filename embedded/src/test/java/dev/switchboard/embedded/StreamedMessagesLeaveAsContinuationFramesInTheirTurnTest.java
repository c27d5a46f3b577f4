package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.embedded.sse.SseClient;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.embedded.testing.WebSocketFrame;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A handler streams a large message without holding it whole: on the wire it is a data frame without FIN followed by
 * continuation frames, the last with FIN, its bytes exactly what was written; a message queued before the stream
 * arrives before it, and one queued while it was open arrives after it. On an event stream (no fragments) the same
 * call delivers the message whole.
 */
class StreamedMessagesLeaveAsContinuationFramesInTheirTurnTest {

    private static final String PROTOCOL = "streams.test.switchboard.dev";
    private static final int CHUNK = 8 * 1024;

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(Streams.class));

    /** {@code binary <n>} and {@code text <n>} stream n bytes between a message before and one after. */
    @ApplicationScoped
    @Subprotocol(PROTOCOL)
    public static class Streams implements SubprotocolHandler {
        @Override
        public void onText(Connection connection, String message) {
            String[] words = message.split(" ");
            int size = Integer.parseInt(words[1]);
            connection.sendText("before");
            try {
                if (words[0].equals("binary")) {
                    try (OutputStream out = connection.sendBinaryStream(Duration.ofSeconds(10))) {
                        for (int written = 0; written < size; written += CHUNK) {
                            out.write(binary(written, Math.min(CHUNK, size - written)));
                            if (written == 0) {
                                connection.sendText("during");
                            }
                        }
                    }
                } else {
                    try (Writer out = connection.sendTextStream(Duration.ofSeconds(10))) {
                        for (int written = 0; written < size; written += CHUNK) {
                            out.write(text(written, Math.min(CHUNK, size - written)));
                            if (written == 0) {
                                connection.sendText("during");
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            connection.sendText("after");
        }
    }

    static byte[] binary(int from, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ((from + i) % 251);
        }
        return bytes;
    }

    static String text(int from, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + (from + i) % 26));
        }
        return text.toString();
    }

    /** The frames of one streamed message and the texts around it, as they came off the wire. */
    private record Received(List<String> texts, List<WebSocketFrame> fragments, byte[] payload) {}

    private static Received ask(String command) throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(node.port(), "/", Map.of("Sec-WebSocket-Protocol", PROTOCOL))) {
            assertThat(socket.status).isEqualTo(101);
            socket.sendText(command);
            List<String> texts = new ArrayList<>();
            List<WebSocketFrame> fragments = new ArrayList<>();
            ByteArrayOutputStream payload = new ByteArrayOutputStream();
            boolean inMessage = false;
            while (!texts.contains("after")) {
                WebSocketFrame frame = socket.read();
                boolean starts = frame.opcode() == WebSocketFrame.BINARY || frame.opcode() == WebSocketFrame.TEXT;
                if (inMessage || (starts && !frame.fin())) {
                    // A fragmented message: every frame until the final one belongs to it.
                    fragments.add(frame);
                    payload.writeBytes(frame.payload());
                    inMessage = !frame.fin();
                } else if (frame.opcode() == WebSocketFrame.TEXT) {
                    texts.add(frame.text());
                    if (frame.text().equals("during")) {
                        assertThat(fragments).as("'during' after the stream").isNotEmpty();
                        assertThat(inMessage).isFalse();
                    }
                }
            }
            return new Received(texts, fragments, payload.toByteArray());
        }
    }

    @Test
    void aBinaryStreamLeavesAsContinuationFramesBetweenTheMessagesAroundIt() throws Exception {
        int size = 1024 * 1024;
        Received received = ask("binary " + size);

        assertThat(received.texts()).containsExactly("before", "during", "after");
        assertThat(received.fragments()).hasSizeGreaterThan(1);
        assertThat(received.fragments().get(0).opcode()).isEqualTo(WebSocketFrame.BINARY);
        assertThat(received.fragments().subList(1, received.fragments().size()))
                .allMatch(frame -> frame.opcode() == WebSocketFrame.CONTINUATION);
        assertThat(received.fragments().get(received.fragments().size() - 1).fin())
                .isTrue();
        assertThat(received.payload()).isEqualTo(binary(0, size));
    }

    @Test
    void aTextStreamLeavesAsContinuationFramesBetweenTheMessagesAroundIt() throws Exception {
        int size = 300 * 1024;
        Received received = ask("text " + size);

        assertThat(received.texts()).containsExactly("before", "during", "after");
        assertThat(received.fragments()).hasSizeGreaterThan(1);
        assertThat(received.fragments().get(0).opcode()).isEqualTo(WebSocketFrame.TEXT);
        assertThat(received.fragments().subList(1, received.fragments().size()))
                .allMatch(frame -> frame.opcode() == WebSocketFrame.CONTINUATION);
        assertThat(new String(received.payload(), StandardCharsets.UTF_8)).isEqualTo(text(0, size));
    }

    @Test
    void onAnEventStreamTheSameCallDeliversTheMessageWhole() throws Exception {
        int size = 40 * 1024;
        try (SseClient stream = SseClient.open(node.client(), node.http("/sse?subprotocol=" + PROTOCOL), Map.of())) {
            String id = stream.next("connection").data();
            HttpResponse<String> posted = node.client()
                    .send(
                            HttpRequest.newBuilder(node.http("/sse/send/" + id))
                                    .POST(HttpRequest.BodyPublishers.ofString("text " + size))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(202);
            assertThat(stream.next().data()).isEqualTo("before");
            assertThat(stream.next().data()).isEqualTo(text(0, size));
            assertThat(stream.next().data()).isEqualTo("during");
            assertThat(stream.next().data()).isEqualTo("after");
        }
    }
}
