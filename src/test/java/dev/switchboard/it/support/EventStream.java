package dev.switchboard.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An SSE client over the JDK's HTTP client: reads the stream on a thread of its own and queues each event (its type
 * and its data lines joined), for a test to take with a deadline.
 */
public final class EventStream implements AutoCloseable {

    /** One event: its type ({@code message} when none was given) and its data. */
    public record Event(String type, String data) {}

    private final HttpClient client;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final Thread reader;

    private EventStream(HttpClient client, InputStream body) {
        this.client = client;
        this.body = body;
        this.reader = Thread.ofVirtual().name("it-event-stream").start(this::read);
    }

    /**
     * Opens a stream and waits for its response head.
     *
     * @param uri the stream's URI
     * @return the open stream
     * @throws Exception when the server does not answer 200 within the deadline
     */
    public static EventStream open(URI uri) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = client.sendAsync(
                        HttpRequest.newBuilder(uri)
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream())
                .get(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (response.statusCode() != 200) {
            response.body().close();
            client.shutdownNow();
            throw new IllegalStateException("The event stream " + uri + " answered " + response.statusCode());
        }
        return new EventStream(client, response.body());
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String type = "message";
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(type, data.toString()));
                    }
                    type = "message";
                    data = null;
                } else if (line.startsWith("event:")) {
                    type = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:")) {
                    String value = line.substring("data:".length());
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                }
            }
        } catch (IOException e) {
            // Closed by the test or the server: nothing more arrives.
        }
    }

    /**
     * The next event of a type, skipping others (heartbeats, say), waiting up to the deadline.
     *
     * @param type the event type
     * @return the event
     * @throws InterruptedException when interrupted
     */
    public Event next(String type) throws InterruptedException {
        long end = System.nanoTime() + Eventually.DEADLINE.toNanos();
        for (long left = Eventually.DEADLINE.toNanos(); left > 0; left = end - System.nanoTime()) {
            Event event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event != null && event.type().equals(type)) {
                return event;
            }
        }
        throw new AssertionError("No '" + type + "' event within " + Eventually.DEADLINE);
    }

    @Override
    public void close() throws IOException {
        body.close();
        reader.interrupt();
        client.shutdownNow();
    }
}
