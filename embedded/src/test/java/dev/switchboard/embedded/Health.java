package dev.switchboard.embedded;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the open-connection count from {@code /health}, so tests can await a state instead of sleeping. */
final class Health {

    private static final Pattern CONNECTIONS = Pattern.compile("\"connections\":(\\d+)");

    private Health() {}

    static int connections(SwitchboardServer server) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher matcher = CONNECTIONS.matcher(response.body());
            if (!matcher.find()) {
                throw new AssertionError("No connection count in " + response.body());
            }
            return Integer.parseInt(matcher.group(1));
        }
    }

    /** Polls until the server reports {@code expected} open connections, failing after ten seconds. */
    static void awaitConnections(SwitchboardServer server, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int seen;
        while ((seen = connections(server)) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Expected " + expected + " open connections, the server reports " + seen);
            }
            Thread.onSpinWait();
        }
    }
}
