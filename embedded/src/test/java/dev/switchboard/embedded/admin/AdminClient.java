package dev.switchboard.embedded.admin;

import dev.switchboard.embedded.testing.BasicAuth;
import jakarta.json.Json;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Calls the admin API of a server over HTTP as one user, with the cross-site header on every change. */
final class AdminClient {

    /** An answer: status, body and headers. */
    record Answer(int status, String body, HttpResponse<String> response) {

        JsonStructure json() {
            return Json.createReader(new StringReader(body)).read();
        }
    }

    private final HttpClient http;
    private final String base;
    private final Map<String, String> credentials;

    AdminClient(HttpClient http, int port, String user, String password) {
        this(http, port, "/admin/api", user, password);
    }

    AdminClient(HttpClient http, int port, String path, String user, String password) {
        this.http = http;
        this.base = "http://127.0.0.1:" + port + path;
        this.credentials = user == null ? Map.of() : BasicAuth.basic(user, password);
    }

    Answer get(String path) throws Exception {
        return send("GET", path, null, Map.of());
    }

    Answer post(String path, String json) throws Exception {
        return send("POST", path, json, Map.of("X-Switchboard-Admin", "1"));
    }

    Answer delete(String path) throws Exception {
        return send("DELETE", path, null, Map.of("X-Switchboard-Admin", "1"));
    }

    Answer send(String method, String path, String json, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        credentials.forEach(request::header);
        headers.forEach(request::header);
        if (json != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response);
    }
}
