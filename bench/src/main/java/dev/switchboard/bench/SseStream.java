package dev.switchboard.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;

/**
 * One driver Server-Sent Events stream over Jetty's asynchronous HTTP client: it hands every {@code data:} line to
 * the listener of the current phase, with the time its chunk arrived. Events in this benchmark carry one data line.
 */
final class SseStream {

    /** Receives the data of events; called on a client thread, never concurrently for one stream. */
    interface Listener {
        void onData(String data, long arrivedNanos);
    }

    private static final Listener IGNORE = (data, arrivedNanos) -> {};

    private final CompletableFuture<SseStream> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile Listener listener = IGNORE;
    private Request request;

    static SseStream open(HttpClient client, URI uri) {
        SseStream stream = new SseStream();
        stream.request = client.newRequest(uri)
                .headers(headers -> headers.put(HttpHeader.ACCEPT, "text/event-stream"))
                .idleTimeout(BenchServer.IDLE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .onResponseHeaders(response -> {
                    if (response.getStatus() == 200) {
                        stream.opened.complete(stream);
                    } else {
                        stream.opened.completeExceptionally(new IllegalStateException("HTTP " + response.getStatus()));
                    }
                })
                .onResponseContent((response, content) -> stream.onContent(content));
        stream.request.send(result -> {
            stream.opened.completeExceptionally(new IllegalStateException("Stream ended", result.getFailure()));
            stream.closed.complete(null);
        });
        return stream;
    }

    CompletableFuture<SseStream> opened() {
        return opened;
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    void listener(Listener value) {
        listener = value == null ? IGNORE : value;
    }

    void close() {
        request.abort(new java.util.concurrent.CancellationException("bench done"));
    }

    private void onContent(ByteBuffer content) {
        long arrived = System.nanoTime();
        partial.append(StandardCharsets.UTF_8.decode(content));
        int start = 0;
        for (int end = partial.indexOf("\n"); end >= 0; end = partial.indexOf("\n", start)) {
            String line = partial.substring(start, end);
            if (line.startsWith("data:")) {
                listener.onData(line.startsWith("data: ") ? line.substring(6) : line.substring(5), arrived);
            }
            start = end + 1;
        }
        partial.delete(0, start);
    }
}
