package dev.switchboard.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * An sgc ({@code esegece.com}) client over a JDK WebSocket ({@link WsProbe}): builds requests with JSON-P, reads
 * answers as JSON objects, and asserts the common answer shapes. It reads the session message on connect, so
 * {@link #id()} is the connection id the server gave.
 *
 * <p>Every read waits with the {@link Eventually#DEADLINE}; nothing sleeps. "Nothing else arrived" is proved by
 * asserting what the next message is, never by waiting for silence.
 */
public final class SgcClient implements AutoCloseable {

    /** The subprotocol token. */
    public static final String PROTOCOL = "esegece.com";

    private final WsProbe probe;
    private final String id;

    private SgcClient(WsProbe probe, String id) {
        this.probe = probe;
        this.id = id;
    }

    /**
     * Connects offering {@code esegece.com} and reads the session message.
     *
     * @param uri the ws:// URI
     * @return the connected client
     * @throws ExecutionException when the handshake fails
     */
    public static SgcClient connect(URI uri) throws ExecutionException {
        return connect(uri, java.util.Map.of());
    }

    /**
     * Connects with extra handshake headers (credentials), offering {@code esegece.com}, and reads the session
     * message.
     *
     * @param uri     the ws:// URI
     * @param headers extra request headers
     * @return the connected client
     * @throws ExecutionException when the handshake fails
     */
    public static SgcClient connect(URI uri, java.util.Map<String, String> headers) throws ExecutionException {
        WsProbe probe = WsProbe.connect(uri, headers, PROTOCOL);
        try {
            assertThat(probe.subprotocol()).isEqualTo(PROTOCOL);
            JsonObject session = Http.json(probe.nextMessage());
            assertThat(session.getJsonObject("result").getString("method")).isEqualTo("sgc@session");
            return new SgcClient(probe, session.getJsonObject("result").getString("message"));
        } catch (RuntimeException | AssertionError e) {
            probe.close();
            throw e;
        }
    }

    /**
     * The connection id from the session message.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    // ---- building requests ------------------------------------------------------------------------------

    /**
     * Starts a request.
     *
     * @param method the method
     * @return a builder
     */
    public static Request request(String method) {
        return new Request(method);
    }

    /** A JSON-RPC request under construction; {@link #toString} is its wire text. */
    public static final class Request {
        private final Map<String, JsonValue> top = new LinkedHashMap<>();
        private final Map<String, JsonValue> params = new LinkedHashMap<>();

        private Request(String method) {
            top.put("jsonrpc", Json.createValue("2.0"));
            top.put("method", Json.createValue(method));
        }

        /**
         * Adds a string field to {@code params}.
         *
         * @param name  the field
         * @param value the value
         * @return this
         */
        public Request param(String name, String value) {
            return param(name, Json.createValue(value));
        }

        /**
         * Adds a number field to {@code params}.
         *
         * @param name  the field
         * @param value the value
         * @return this
         */
        public Request param(String name, int value) {
            return param(name, Json.createValue(value));
        }

        /**
         * Adds a JSON field to {@code params}.
         *
         * @param name  the field
         * @param value the value
         * @return this
         */
        public Request param(String name, JsonValue value) {
            params.put(name, value);
            return this;
        }

        /**
         * Sets the id.
         *
         * @param id the id
         * @return this
         */
        public Request id(String id) {
            top.put("id", Json.createValue(id));
            return this;
        }

        /**
         * Sets a numeric id.
         *
         * @param id the id
         * @return this
         */
        public Request id(int id) {
            top.put("id", Json.createValue(id));
            return this;
        }

        /**
         * Sets the top-level {@code qos}.
         *
         * @param qos {@code qosLevel0}, {@code qosLevel1} or {@code qosLevel2}
         * @return this
         */
        public Request qos(String qos) {
            top.put("qos", Json.createValue(qos));
            return this;
        }

        @Override
        public String toString() {
            JsonObjectBuilder object = Json.createObjectBuilder();
            top.forEach(object::add);
            if (!params.isEmpty()) {
                JsonObjectBuilder fields = Json.createObjectBuilder();
                params.forEach(fields::add);
                object.add("params", fields);
            }
            return object.build().toString();
        }
    }

    /**
     * A subscribe request as the sgc JS sends it: with {@code "message":""} and an id.
     *
     * @param channel the channel
     * @param id      the id
     * @return the request
     */
    public static Request subscribe(String channel, String id) {
        return request("sgc@subscribe")
                .param("channel", channel)
                .param("message", "")
                .id(id);
    }

    /**
     * A publish request without id (QoS 0, queue level 0).
     *
     * @param channel the channel spec
     * @param message the message
     * @return the request
     */
    public static Request publish(String channel, String message) {
        return request("sgc@publish").param("channel", channel).param("message", message);
    }

    // ---- talking --------------------------------------------------------------------------------------

    /**
     * Sends a request.
     *
     * @param request the request
     */
    public void send(Request request) {
        probe.send(request.toString());
    }

    /**
     * Sends any text frame, malformed ones included.
     *
     * @param text the frame
     */
    public void sendRaw(String text) {
        probe.send(text);
    }

    /**
     * The next frame as text.
     *
     * @return the text
     */
    public String nextRaw() {
        return probe.nextMessage();
    }

    /**
     * The next frame as text if one arrives within a short wait; see {@link WsProbe#poll}.
     *
     * @param within how long to wait
     * @return the frame, or empty when none arrived in time
     */
    public Optional<String> poll(Duration within) {
        return probe.poll(within);
    }

    /**
     * Waits for the server to close the connection.
     *
     * @return the close code and reason
     */
    public WsProbe.Close awaitClose() {
        return probe.awaitClose();
    }

    /**
     * The next frame as a JSON object.
     *
     * @return the object
     * @throws AssertionError when none arrives in time, or it is not a JSON object
     */
    public JsonObject next() {
        String text = probe.nextMessage();
        try {
            JsonObject object = Http.json(text);
            assertThat(object.getString("jsonrpc", null))
                    .as("jsonrpc of %s", text)
                    .isEqualTo("2.0");
            return object;
        } catch (RuntimeException e) {
            throw new AssertionError("Not a JSON-RPC object: " + text, e);
        }
    }

    /**
     * Reads the next frame and asserts it is a result push with the given {@code result.method}.
     *
     * @param method the expected method
     * @return the whole frame
     */
    public JsonObject nextResult(String method) {
        JsonObject frame = next();
        assertThat(frame.get("result"))
                .as("a result push with method %s, got %s", method, frame)
                .isInstanceOf(JsonObject.class);
        assertThat(frame.getJsonObject("result").getString("method", null))
                .as("method of %s", frame)
                .isEqualTo(method);
        return frame;
    }

    /**
     * Reads the next frame and asserts it is the acknowledgment of a string id.
     *
     * @param id the id
     */
    public void expectAck(String id) {
        JsonObject ack = nextResult("sgc@acknowledgment");
        assertThat(ack.getString("id", null)).as("id of %s", ack).isEqualTo(id);
    }

    /**
     * Reads the next frame and asserts it is an {@code sgc@event} of the channel with the message.
     *
     * @param channel the channel
     * @param message the message text
     */
    public void expectEvent(String channel, String message) {
        JsonObject event = nextResult("sgc@event").getJsonObject("result");
        assertThat(event.getString("channel")).as("channel of %s", event).isEqualTo(channel);
        assertThat(event.getString("message")).as("message of %s", event).isEqualTo(message);
    }

    /**
     * Reads the next frame and asserts it is a JSON-RPC error.
     *
     * @param code the expected code
     * @return the whole frame
     */
    public JsonObject expectError(int code) {
        JsonObject frame = next();
        assertThat(frame.get("error")).as("an error object, got %s", frame).isInstanceOf(JsonObject.class);
        assertThat(frame.getJsonObject("error").getInt("code"))
                .as("code of %s", frame)
                .isEqualTo(code);
        assertThat(frame.getJsonObject("error").getString("message", ""))
                .as("message of %s", frame)
                .isNotBlank();
        return frame;
    }

    /**
     * Subscribes as the JS does (with an id) and awaits the ack and the subscribe reply.
     *
     * @param channel the channel, mask or comma list with one element
     */
    public void subscribe(String channel) {
        String requestId = "sub-" + channel;
        send(subscribe(channel, requestId));
        expectAck(requestId);
        JsonObject reply = nextResult("sgc@subscribe");
        assertThat(reply.getJsonObject("result").getString("channel")).isEqualTo(channel);
        assertThat(reply.getString("id", null)).isEqualTo(requestId);
    }

    /**
     * Waits until the server has processed everything this client sent before: inbound processing is serial per
     * connection, so the raw answer to {@code sgc@protocol} comes after all of it.
     */
    public void sync() {
        send(request("sgc@protocol"));
        assertThat(nextRaw()).isEqualTo(PROTOCOL);
    }

    @Override
    public void close() {
        probe.close();
    }
}
