package dev.switchboard.embedded.security;

import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.auth.AuthClient;
import java.net.http.HttpClient;
import java.util.Map;

/** The sgc protocol as the attack tests speak it: a real JDK WebSocket client and hand-written JSON-RPC frames. */
final class SgcCalls {

    static final String SGC = "esegece.com";

    private SgcCalls() {}

    /** Opens an sgc connection to the server's root and waits for its session message. */
    static TestClient.Recorder connect(HttpClient client, SwitchboardServer server) throws Exception {
        TestClient.Recorder socket = open(client, server);
        socket.nextContaining("sgc@session");
        return socket;
    }

    /** Opens an sgc connection to the server's root without waiting for anything. */
    static TestClient.Recorder open(HttpClient client, SwitchboardServer server) throws Exception {
        return TestClient.connect(client, AuthClient.ws(server, "/"), Map.of(), SGC);
    }

    /** A request with an id, whose params are JSON text. */
    static String request(String method, String params, String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":\"" + id + "\"}";
    }

    static String subscribe(String channel, String id) {
        return request("sgc@subscribe", "{\"channel\":\"" + channel + "\"}", id);
    }

    /** A publication without an id (no answer but errors). */
    static String publish(String channel, String message) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                + "\",\"message\":\"" + message + "\"}}";
    }

    /** The answer to a request, skipping the acknowledgment that QoS requests get first. */
    static String reply(TestClient.Recorder socket, String id) throws InterruptedException {
        while (true) {
            String text = socket.nextContaining("\"id\":\"" + id + "\"");
            if (!text.contains("sgc@acknowledgment")) {
                return text;
            }
        }
    }
}
