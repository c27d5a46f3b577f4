package dev.switchboard.embedded.mqtt;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket that speaks MQTT packets written byte by byte, for what a well-behaved client library never sends
 * (malformed packets, topic aliases by hand, an abrupt close after a will).
 */
final class RawMqtt implements WebSocket.Listener, AutoCloseable {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final BlockingQueue<byte[]> packets = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    static RawMqtt connect(HttpClient http, int port) throws Exception {
        RawMqtt raw = new RawMqtt();
        raw.socket = http.newWebSocketBuilder()
                .subprotocols("mqtt")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), raw)
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return raw;
    }

    void send(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next packet the server sent (it sends one per binary frame). */
    byte[] next() throws InterruptedException {
        byte[] next = packets.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("no MQTT packet within " + DEADLINE);
        }
        return next;
    }

    /** The next packet if one arrives within {@code millis}, else null. */
    byte[] poll(long millis) throws InterruptedException {
        return packets.poll(millis, TimeUnit.MILLISECONDS);
    }

    int closeCode() throws Exception {
        return closed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Drops the TCP connection without a close frame or an MQTT DISCONNECT. */
    void abort() {
        socket.abort();
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partial.writeBytes(chunk);
        if (last) {
            packets.add(partial.toByteArray());
            partial.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (!socket.isInputClosed()) {
            socket.abort();
        }
    }

    // ---- packet builders ---------------------------------------------------------------------------------------

    /** A packet: the first byte, the remaining length, the body. */
    static byte[] packet(int first, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        int rest = body.length;
        do {
            int b = rest & 0x7F;
            rest >>>= 7;
            out.write(rest > 0 ? b | 0x80 : b);
        } while (rest > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] string(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(utf8.length >>> 8);
        out.write(utf8.length);
        out.writeBytes(utf8);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** CONNECT, clean start, keep-alive 60, no properties (an empty property length at level 5). */
    static byte[] connect(int level, String clientId) {
        return packet(
                0x10,
                concat(string("MQTT"), bytes(level, 0x02, 0, 60), level == 5 ? bytes(0) : bytes(), string(clientId)));
    }

    /** CONNECT 3.1.1, clean session, with a QoS 0 will. */
    static byte[] connectWithWill(String clientId, String willTopic, String willText) {
        return packet(
                0x10,
                concat(
                        string("MQTT"),
                        bytes(4, 0x02 | 0x04, 0, 60),
                        string(clientId),
                        string(willTopic),
                        string(willText)));
    }

    /** PUBLISH QoS 0 at level 5 with a topic and the given raw properties. */
    static byte[] publishV5(String topic, byte[] properties, String payload) {
        return packet(
                0x30,
                concat(string(topic), bytes(properties.length), properties, payload.getBytes(StandardCharsets.UTF_8)));
    }
}
