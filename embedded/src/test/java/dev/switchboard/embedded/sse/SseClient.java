package dev.switchboard.embedded.sse;

import dev.switchboard.embedded.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An event-stream client over the JDK HttpClient that parses the stream as the HTML standard's parser does
 * (fields, multi-line data, ids that persist across events, id-only blocks) and records every event and comment.
 * Every wait has a deadline.
 */
public final class SseClient implements AutoCloseable {

    public static final Duration DEADLINE = Await.DEADLINE;

    /** One dispatched event. */
    public record Event(String id, String type, String data) {}

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    final HttpResponse<InputStream> response;
    final List<String> rawLines = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile String lastEventId = "";
    volatile Integer retry;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread.ofVirtual().start(this::read);
        } else {
            ended.complete(null);
        }
    }

    public static SseClient open(HttpClient client, URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
        headers.forEach(request::header);
        HttpResponse<InputStream> response = client.sendAsync(
                        request.build(), HttpResponse.BodyHandlers.ofInputStream())
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return new SseClient(response);
    }

    private void read() {
        String eventType = "";
        StringBuilder data = new StringBuilder();
        boolean hasData = false;
        String id = lastEventId;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            // BufferedReader ends lines at CR, LF and CRLF, as the event-stream parser does.
            while ((line = reader.readLine()) != null) {
                rawLines.add(line);
                if (line.isEmpty()) {
                    lastEventId = id;
                    if (hasData) {
                        events.add(new Event(id, eventType.isEmpty() ? "message" : eventType, data.toString()));
                    }
                    eventType = "";
                    data.setLength(0);
                    hasData = false;
                    continue;
                }
                if (line.startsWith(":")) {
                    comments.add(line);
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "event" -> eventType = value;
                    case "data" -> {
                        if (hasData) {
                            data.append('\n');
                        }
                        data.append(value);
                        hasData = true;
                    }
                    case "id" -> id = value;
                    case "retry" -> retry = Integer.valueOf(value);
                    default -> {}
                }
            }
            ended.complete(null);
        } catch (IOException e) {
            ended.complete(null);
        }
    }

    public Event next() throws InterruptedException {
        Event event = events.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("No event within " + DEADLINE + "; lines so far: " + rawLines);
        }
        return event;
    }

    /** The next event of a type, skipping others. */
    public Event next(String type) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null && event.type().equals(type)) {
                return event;
            }
        }
        throw new AssertionError("No " + type + " event within " + DEADLINE + "; lines so far: " + rawLines);
    }

    /** Waits until the server ended the stream. */
    public void awaitEnd() throws Exception {
        ended.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
