package dev.switchboard.embedded.metrics;

import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.OptionalDouble;

/** Reads the Prometheus endpoint of a test server, and single samples out of its text. */
final class Scrape {

    private Scrape() {}

    static HttpResponse<String> get(HttpClient client, SwitchboardServer server, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .timeout(Await.DEADLINE);
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String body(HttpClient client, SwitchboardServer server) throws Exception {
        HttpResponse<String> response = get(client, server, Map.of());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * The value of the first sample of a metric whose labels contain every given {@code name="value"} pair, or empty
     * when there is none.
     */
    static OptionalDouble sample(String body, String metric, String... labels) {
        for (String line : body.split("\n")) {
            if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    static double value(String body, String metric, String... labels) {
        return sample(body, metric, labels).orElse(-1);
    }
}
