package dev.switchboard.embedded.files;

import dev.switchboard.embedded.testing.Await;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Files protocol client for the tests, over the JDK WebSocket client: it writes and reads the binary framing
 * (ten-digit header length, twelve-field header, payload) itself, and plays the client's part of the upload and
 * download flows at each QoS level. Every wait has a deadline.
 */
final class FilesClient implements WebSocket.Listener, AutoCloseable {

    static final String SUBPROTOCOL = "files.esegece.com";

    /** One packet: the twelve header fields and the payload. */
    record Packet(List<String> fields, byte[] payload) {
        String id() {
            return fields.get(0);
        }

        String fileId() {
            return fields.get(1);
        }

        String fileName() {
            return fields.get(2);
        }

        long fileSize() {
            return Long.parseLong(fields.get(3));
        }

        long position() {
            return Long.parseLong(fields.get(4));
        }

        String streaming() {
            return fields.get(7);
        }

        String qos() {
            return fields.get(8);
        }

        String method() {
            return fields.get(9);
        }

        String text() {
            return fields.get(10);
        }

        /** This header with other values in some fields. */
        Packet with(String id, long position, String streaming, String method, byte[] newPayload) {
            List<String> copy = new ArrayList<>(fields);
            copy.set(0, id);
            copy.set(4, Long.toString(position));
            copy.set(7, streaming);
            copy.set(9, method);
            copy.set(10, "");
            return new Packet(copy, newPayload);
        }

        static Packet header(String fileId, String name, long size, int bufferSize, int qos) {
            return new Packet(
                    List.of(
                            "h-" + fileId,
                            fileId,
                            name,
                            Long.toString(size),
                            "0",
                            Integer.toString(bufferSize),
                            "",
                            "stmNone",
                            "qosLevel" + qos,
                            "sgc@file",
                            "",
                            ""),
                    new byte[0]);
        }
    }

    final BlockingQueue<Packet> packets = new LinkedBlockingQueue<>();
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partialBytes = new ByteArrayOutputStream();
    private final StringBuilder partialText = new StringBuilder();
    private WebSocket socket;

    static FilesClient connect(HttpClient client, URI uri) throws Exception {
        return connect(client, uri, java.util.Map.of());
    }

    /** Connects with request headers on the upgrade (credentials, say). */
    static FilesClient connect(HttpClient client, URI uri, java.util.Map<String, String> headers) throws Exception {
        FilesClient files = new FilesClient();
        WebSocket.Builder builder =
                client.newWebSocketBuilder().connectTimeout(Await.DEADLINE).subprotocols(SUBPROTOCOL);
        headers.forEach(builder::header);
        files.socket = builder.buildAsync(uri, files).get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return files;
    }

    static byte[] encode(Packet packet) {
        byte[] header = String.join("|", packet.fields()).getBytes(StandardCharsets.UTF_8);
        byte[] prefix = String.format("%010d", header.length).getBytes(StandardCharsets.US_ASCII);
        return concat(prefix, header, packet.payload());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static Packet decode(byte[] message) {
        int length = Integer.parseInt(new String(message, 0, 10, StandardCharsets.US_ASCII));
        String header = new String(message, 10, length, StandardCharsets.UTF_8);
        List<String> fields = List.of(header.split("\\|", -1));
        if (fields.size() != 12) {
            throw new AssertionError("a server packet with " + fields.size() + " fields: " + header);
        }
        byte[] payload = new byte[message.length - 10 - length];
        System.arraycopy(message, 10 + length, payload, 0, payload.length);
        return new Packet(fields, payload);
    }

    void send(Packet packet) {
        sendRaw(encode(packet));
    }

    void sendRaw(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    void sendText(String text) {
        socket.sendText(text, true).join();
    }

    Packet next() throws InterruptedException {
        Packet packet = packets.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (packet == null) {
            throw new AssertionError("no file packet within " + Await.DEADLINE);
        }
        return packet;
    }

    /** The next packet with a method, skipping others (acknowledgments at QoS 2, say). */
    Packet next(String method) throws InterruptedException {
        long end = System.nanoTime() + Await.DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            Packet packet = packets.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (packet == null) {
                break;
            }
            if (packet.method().equals(method)) {
                return packet;
            }
            if (packet.method().equals("sgc@file_sent_error")) {
                throw new AssertionError("the server refused: " + packet.text());
            }
        }
        throw new AssertionError("no " + method + " within " + Await.DEADLINE);
    }

    String nextText() throws InterruptedException {
        String text = texts.poll(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (text == null) {
            throw new AssertionError("no text within " + Await.DEADLINE);
        }
        return text;
    }

    /** The upload flow of an sgc client: header, then chunks as the QoS level paces them. */
    void upload(String fileId, String name, byte[] content, int bufferSize, int qos) throws InterruptedException {
        Packet header = Packet.header(fileId, name, content.length, bufferSize, qos);
        send(header);
        if (qos == 1) {
            assertAck(next(), header.id());
        }
        long position = 0;
        if (qos == 2) {
            position = next("sgc@filerec").position();
        }
        int n = 0;
        while (true) {
            int length = (int) Math.min(bufferSize, content.length - position);
            byte[] chunk = new byte[length];
            System.arraycopy(content, (int) position, chunk, 0, length);
            long after = position + length;
            boolean last = after >= content.length;
            Packet packet = header.with("c" + n++, after, last ? "stmLast" : "stmContinue", "sgc@file", chunk);
            send(packet);
            if (qos == 1) {
                assertAck(next(), packet.id());
            }
            if (last) {
                break;
            }
            position = qos == 2 ? next("sgc@filerec").position() : after;
        }
        if (qos >= 1) {
            next("sgc@file_received");
        }
    }

    /** The download flow of an sgc client: answers as the QoS level asks, and returns the bytes. */
    byte[] download() throws InterruptedException {
        Packet header = next();
        if (!header.method().equals("sgc@file") || !header.streaming().equals("stmNone")) {
            throw new AssertionError("expected a file header, got " + header.fields());
        }
        int qos = header.qos().charAt(8) - '0';
        if (qos >= 1) {
            send(header.with(header.id(), 0, "stmNone", "sgc@acknowledgment", new byte[0]));
        }
        if (qos == 2) {
            send(header.with("r0", 0, "stmNone", "sgc@filerec", new byte[0]));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 0;
        while (true) {
            Packet chunk = next();
            if (!chunk.method().equals("sgc@file") || !chunk.fileId().equals(header.fileId())) {
                throw new AssertionError("expected a chunk, got " + chunk.fields());
            }
            out.writeBytes(chunk.payload());
            if (out.size() != chunk.position()) {
                throw new AssertionError("chunk ends at " + chunk.position() + " after " + out.size() + " bytes");
            }
            boolean last = chunk.streaming().equals("stmLast");
            if (qos >= 1) {
                send(chunk.with(chunk.id(), chunk.position(), chunk.streaming(), "sgc@acknowledgment", new byte[0]));
            }
            if (last) {
                if (qos >= 1) {
                    send(chunk.with("done", chunk.position(), chunk.streaming(), "sgc@file_received", new byte[0]));
                }
                break;
            }
            if (qos == 2) {
                send(chunk.with("r" + ++n, chunk.position(), chunk.streaming(), "sgc@filerec", new byte[0]));
            }
        }
        return out.toByteArray();
    }

    private static void assertAck(Packet packet, String id) {
        if (!packet.method().equals("sgc@acknowledgment") || !packet.id().equals(id)) {
            throw new AssertionError("expected the acknowledgment of " + id + ", got " + packet.fields());
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    int closeCode() throws Exception {
        return closed.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Cuts the connection without a close handshake, as a network failure would. */
    void abort() {
        socket.abort();
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partialBytes.writeBytes(chunk);
        if (last) {
            packets.add(decode(partialBytes.toByteArray()));
            partialBytes.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            texts.add(partialText.toString());
            partialText.setLength(0);
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
}
