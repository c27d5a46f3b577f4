package dev.switchboard.embedded.cluster;

import dev.switchboard.embedded.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sgc protocol as the cluster tests speak it: the JDK WebSocket client and hand-written JSON-RPC frames. */
final class SgcClient implements AutoCloseable {

    static final String SGC = "esegece.com";

    private static final Pattern EVENT = Pattern.compile(
            "\"channel\":\"([^\"]*)\",\"message\":\"([^\"]*)\",\"offset\":(\\d+),\"epoch\":\"([^\"]*)\"");

    /** One {@code sgc@event} as received. */
    record Event(String channel, String message, long offset, String epoch) {}

    final TestClient.Recorder socket;
    private int nextId;

    private SgcClient(TestClient.Recorder socket) {
        this.socket = socket;
    }

    /** Connects and waits for the session message. */
    static SgcClient connect(HttpClient client, URI uri, Map<String, String> headers) throws Exception {
        SgcClient sgc = new SgcClient(TestClient.connect(client, uri, headers, SGC));
        sgc.socket.nextContaining("sgc@session");
        return sgc;
    }

    /** Subscribes and waits for the answer. */
    void subscribe(String channel) throws Exception {
        call("sgc@subscribe", "{\"channel\":\"" + channel + "\"}");
    }

    /** Resumes a channel from a position and returns the events replayed before the answer, then the answer. */
    String resume(String channel, String epoch, long offset, java.util.List<Event> replayed) throws Exception {
        String id = "r" + (++nextId);
        socket.send(request(
                "sgc@resume",
                "{\"channel\":\"" + channel + "\",\"epoch\":\"" + epoch + "\",\"offset\":" + offset + "}",
                id));
        while (true) {
            String text = socket.nextContaining("\"method\":\"sgc@");
            if (text.contains("\"id\":\"" + id + "\"") && !text.contains("sgc@acknowledgment")) {
                return text;
            }
            if (text.contains("sgc@event")) {
                replayed.add(event(text));
            }
        }
    }

    /** Publishes with QoS 1 and returns the first answer for its id: the acknowledgment or an error. */
    String publishAssured(String channel, String message) throws Exception {
        String id = "p" + (++nextId);
        socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                + "\",\"message\":\"" + message + "\",\"qos\":\"qosLevel1\"},\"qos\":\"qosLevel1\",\"id\":\"" + id
                + "\"}");
        return socket.nextContaining("\"id\":\"" + id + "\"");
    }

    /** Publishes with QoS 0: no answer unless an error. */
    void publish(String channel, String message) {
        socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                + "\",\"message\":\"" + message + "\"}}");
    }

    /** The next event, skipping other messages. */
    Event nextEvent() throws Exception {
        return event(socket.nextContaining("sgc@event"));
    }

    static Event event(String text) {
        Matcher matcher = EVENT.matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("Not an sgc event with a position: " + text);
        }
        return new Event(matcher.group(1), matcher.group(2), Long.parseLong(matcher.group(3)), matcher.group(4));
    }

    private String call(String method, String params) throws Exception {
        String id = "c" + (++nextId);
        socket.send(request(method, params, id));
        return socket.nextContaining("\"id\":\"" + id + "\"");
    }

    private static String request(String method, String params, String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":\"" + id + "\"}";
    }

    @Override
    public void close() {
        socket.close();
    }
}
