package dev.switchboard.embedded.testing;

import dev.switchboard.embedded.SwitchboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the open-connection count from {@code /health}, so tests can await a state instead of sleeping. */
public final class Health {

    private static final Pattern CONNECTIONS = Pattern.compile("\"connections\":(\\d+)");

    private Health() {}

    /** The open-connection count the server reports. */
    public static int connections(SwitchboardServer server) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                            .timeout(Await.DEADLINE)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return connections(response.body());
        }
    }

    /** The open-connection count in a {@code /health} body. */
    public static int connections(String health) {
        Matcher matcher = CONNECTIONS.matcher(health);
        if (!matcher.find()) {
            throw new AssertionError("No connection count in " + health);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** Waits until the server reports {@code expected} open connections. */
    public static void awaitConnections(SwitchboardServer server, int expected) {
        Await.value(expected + " open connections", () -> connections(server), seen -> seen == expected);
    }
}
