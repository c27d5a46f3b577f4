package dev.switchboard.embedded.ops;

import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.ops.Drain;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** What the drain tests share: plain HTTP to a server, the probes' JSON, and the server's drain. */
final class Probes {

    private Probes() {}

    /** The drain of the server running in this JVM (one per JVM, like its CDI container). */
    static Drain drain() {
        return CDI.current().select(Drain.class).get();
    }

    /** GETs a path of the server. */
    static HttpResponse<String> get(HttpClient client, SwitchboardServer server, String path) throws Exception {
        return get(client, URI.create("http://127.0.0.1:" + server.port() + path));
    }

    /** GETs a URI. */
    static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri).timeout(Await.DEADLINE).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Parses a JSON body. */
    static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    /** The check of a probe's answer with this name, if it has one. */
    static Optional<JsonObject> check(JsonObject probe, String name) {
        return probe.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals(name))
                .findFirst();
    }
}
