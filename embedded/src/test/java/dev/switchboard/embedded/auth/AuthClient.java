package dev.switchboard.embedded.auth;

import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** HTTP and WebSocket helpers for the authentication tests: real JDK clients against a server on 127.0.0.1. */
public final class AuthClient {

    public static final Duration DEADLINE = TestClient.DEADLINE;

    private AuthClient() {}

    public static URI http(SwitchboardServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public static URI ws(SwitchboardServer server, String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    public static HttpResponse<String> post(
            HttpClient client, URI uri, String contentType, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(DEADLINE).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> get(HttpClient client, URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(DEADLINE).GET();
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in with a JSON body and returns the response. */
    public static HttpResponse<String> login(HttpClient client, SwitchboardServer server, String user, String password)
            throws Exception {
        return post(
                client,
                http(server, "/auth/login"),
                "application/json",
                "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}",
                Map.of());
    }

    /** The value of a top-level string field of a flat JSON object. */
    public static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"");
        if (at < 0) {
            throw new AssertionError("No string field " + name + " in " + json);
        }
        int start = at + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    /** Opens a WebSocket; a refused handshake throws {@link WebSocketHandshakeException} with the response. */
    public static TestClient.Recorder connect(
            HttpClient client, URI uri, String subprotocol, Map<String, String> headers) throws Exception {
        try {
            return subprotocol == null
                    ? TestClient.connect(client, uri, headers)
                    : TestClient.connect(client, uri, headers, subprotocol);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                throw refused;
            }
            throw e;
        }
    }

    /** The HTTP status of a refused handshake. */
    public static int refusedStatus(HttpClient client, URI uri, String subprotocol, Map<String, String> headers)
            throws Exception {
        return refusal(client, uri, subprotocol, headers).statusCode();
    }

    /** The response to a refused handshake. */
    public static HttpResponse<?> refusal(HttpClient client, URI uri, String subprotocol, Map<String, String> headers)
            throws Exception {
        try (TestClient.Recorder socket = connect(client, uri, subprotocol, headers)) {
            throw new AssertionError("The handshake to " + uri + " was accepted");
        } catch (WebSocketHandshakeException refused) {
            return refused.getResponse();
        }
    }

    public static List<String> challenges(HttpResponse<?> response) {
        return response.headers().allValues("WWW-Authenticate");
    }
}
