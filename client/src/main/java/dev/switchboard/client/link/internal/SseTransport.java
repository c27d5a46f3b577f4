package dev.switchboard.client.link.internal;

import dev.switchboard.client.link.LinkOptions;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The server's sgc SSE transport, as the browser client uses it: {@code GET <base>esegece.com} as an event stream
 * whose first unnamed event is the connection id (a {@code post-key} event may come before it, a
 * {@code disconnect} event tells the close code), and the client's frames as ordered POSTs to
 * {@code <base>sgc/xhr/<id>}, one at a time.
 */
final class SseTransport implements Transport {

    /** The header that proves a POST comes from the stream's principal (docs/authentication.md). */
    static final String POST_KEY_HEADER = "X-Switchboard-Post-Key";

    /** How many times a POST that never left is sent again before it is reported undelivered. */
    private static final int UNSENT_POST_RETRIES = 2;

    private final HttpClient http;
    private final Endpoints endpoints;
    private final URI uri;
    private final Map<String, List<String>> headers;
    private final LinkOptions options;
    private final Events events;
    private final int maxEvent;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<String> posts = new ArrayDeque<>();
    private boolean posting;
    private volatile Request stream;
    private volatile String connectionId;
    private volatile String postKey;
    private volatile Ending announced;
    private volatile Scheduler.Task openTimer;

    // Parser state; touched only by the stream's content callbacks, which Jetty calls one at a time.
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private String eventName = "";
    private boolean hasData;
    private boolean lastWasCr;

    SseTransport(
            HttpClient http,
            Endpoints endpoints,
            URI uri,
            Map<String, List<String>> headers,
            LinkOptions options,
            Events events) {
        this.http = http;
        this.endpoints = endpoints;
        this.uri = uri;
        this.headers = headers;
        this.options = options;
        this.events = events;
        this.maxEvent = options.maxTextMessageSize();
    }

    @Override
    public void open() {
        Request request = http.newRequest(uri).method(HttpMethod.GET).headers(h -> {
            headers.forEach((name, values) -> values.forEach(value -> h.add(name, value)));
            h.put(HttpHeader.ACCEPT, "text/event-stream");
            h.put(HttpHeader.CACHE_CONTROL, "no-cache");
        });
        Duration idle = options.readTimeout().isZero() ? Duration.ofDays(1) : options.readTimeout();
        request.idleTimeout(idle.toMillis(), TimeUnit.MILLISECONDS);
        stream = request;
        openTimer = http.getScheduler()
                .schedule(
                        () -> {
                            if (connectionId == null) {
                                abort("the event stream sent no connection id within "
                                        + options.connectTimeout().toMillis() + " ms");
                            }
                        },
                        options.connectTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
        request.send(new Response.Listener() {
            @Override
            public void onHeaders(Response response) {
                String type = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
                if (response.getStatus() != 200) {
                    refuse(response.getStatus(), "event stream refused: HTTP " + response.getStatus());
                } else if (type == null
                        || !type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
                    refuse(415, "not an event stream: " + type);
                }
            }

            @Override
            public void onContent(Response response, ByteBuffer content) {
                if (!ended.get()) {
                    events.alive(SseTransport.this);
                    parse(content);
                }
            }

            @Override
            public void onComplete(Result result) {
                Ending told = announced;
                if (told != null) {
                    end(told);
                } else if (result.isFailed()) {
                    Throwable root = WebSocketTransport.rootCause(result.getFailure());
                    end(new Ending(1006, WebSocketTransport.describe(root), connectionId != null, 0, false));
                } else {
                    end(new Ending(1006, "the event stream ended", connectionId != null, 0, false));
                }
            }
        });
    }

    private void refuse(int status, String reason) {
        end(new Ending(1006, reason, false, status, status != 401));
        Request request = stream;
        if (request != null) {
            request.abort(new IOException(reason));
        }
    }

    private void parse(ByteBuffer content) {
        while (content.hasRemaining() && !ended.get()) {
            byte b = content.get();
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                line(new String(line.toByteArray(), StandardCharsets.UTF_8));
                line.reset();
            } else {
                if (line.size() >= maxEvent + 16) {
                    abort(1009, "an event line longer than " + maxEvent + " bytes");
                    return;
                }
                line.write(b);
            }
        }
    }

    private void line(String text) {
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> eventName = value;
            case "data" -> {
                if (data.length() + value.length() + 1 > maxEvent) {
                    abort(1009, "an event larger than " + maxEvent + " bytes");
                    return;
                }
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            default -> {
                // id and retry: the link resumes by its own backoff and the protocol's positions.
            }
        }
    }

    private void dispatch() {
        String name = eventName;
        String value = data.toString();
        boolean any = hasData;
        eventName = "";
        data.setLength(0);
        hasData = false;
        if (!any) {
            return;
        }
        switch (name) {
            case "", "message" -> {
                if (connectionId == null) {
                    connectionId = value;
                    Scheduler.Task timer = openTimer;
                    if (timer != null) {
                        timer.cancel();
                    }
                    events.opened(this, null, value);
                } else {
                    events.text(this, value);
                }
            }
            case "post-key" -> postKey = value;
            case "disconnect" -> announced = disconnect(value);
            default -> {
                // Named events of other features are not the link's.
            }
        }
    }

    private Ending disconnect(String json) {
        int code = 1006;
        String reason = "";
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonObject object = reader.readObject();
            if (object.get("code") instanceof JsonNumber number) {
                code = number.intValue();
            }
            if (object.get("reason") instanceof JsonString text) {
                reason = text.getString();
            }
        } catch (RuntimeException e) {
            // A malformed notice still means the stream ends; 1006 says the code is unknown.
        }
        return new Ending(code, reason, true, 0, false);
    }

    @Override
    public boolean sendBinary(ByteBuffer data) {
        return false;
    }

    @Override
    public void send(String text) {
        if (connectionId == null || ended.get()) {
            events.undelivered(this, text, new IOException("the event stream is not open"));
            return;
        }
        lock.lock();
        try {
            if (posts.size() >= options.queueCapacity()) {
                events.undelivered(this, text, new IOException("too many POSTs waiting"));
                return;
            }
            posts.add(text);
            if (posting) {
                return;
            }
            posting = true;
        } finally {
            lock.unlock();
        }
        postNext();
    }

    private void postNext() {
        String text;
        lock.lock();
        try {
            text = ended.get() ? null : posts.poll();
            if (text == null) {
                posting = false;
                return;
            }
        } finally {
            lock.unlock();
        }
        post(text, UNSENT_POST_RETRIES);
    }

    /**
     * Sends one POST; a POST that failed before its request was committed is sent again, up to {@code retries}
     * times, before the next one goes, unless it timed out (a server that cannot be reached in time is not
     * asked again at once). Nothing of such a POST reached the server, so sending it again cannot
     * deliver it twice; and one can fail that way while the link is healthy: Jetty's client may report a
     * {@code WritePendingException} for the first request on a fresh tunnel through an HTTP proxy when the
     * proxy answers the {@code CONNECT} before the client has finished writing it.
     */
    private void post(String text, int retries) {
        String key = postKey;
        AtomicBoolean committed = new AtomicBoolean();
        Request post = http.newRequest(endpoints.post(connectionId))
                .method(HttpMethod.POST)
                .headers(h -> {
                    headers.forEach((name, values) -> values.forEach(value -> h.add(name, value)));
                    if (key != null) {
                        h.put(POST_KEY_HEADER, key);
                    }
                })
                .body(new StringRequestContent("text/plain;charset=utf-8", text, StandardCharsets.UTF_8))
                .timeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .onRequestCommit(request -> committed.set(true));
        post.send(result -> {
            if (result.isFailed()) {
                if (!committed.get()
                        && retries > 0
                        && !ended.get()
                        && !(result.getFailure() instanceof TimeoutException)) {
                    post(text, retries - 1);
                    return;
                }
                events.undelivered(this, text, WebSocketTransport.rootCause(result.getFailure()));
            } else if (result.getResponse().getStatus() / 100 != 2) {
                events.undelivered(
                        this,
                        text,
                        new IOException(
                                "POST answered HTTP " + result.getResponse().getStatus()));
            }
            postNext();
        });
    }

    @Override
    public void ping() {
        // The client cannot ping over SSE; the server's comment lines show the stream is alive.
    }

    @Override
    public void close(int code, String reason, long timeoutMillis) {
        Request request = stream;
        end(new Ending(code, reason, connectionId != null, 0, false));
        if (request != null) {
            request.abort(new IOException("closed by the client"));
        }
    }

    @Override
    public void abort(String reason) {
        abort(1006, reason);
    }

    private void abort(int code, String reason) {
        end(new Ending(code, reason, connectionId != null, 0, false));
        Request request = stream;
        if (request != null) {
            request.abort(new IOException(reason));
        }
    }

    private void end(Ending ending) {
        if (ended.compareAndSet(false, true)) {
            Scheduler.Task timer = openTimer;
            if (timer != null) {
                timer.cancel();
            }
            lock.lock();
            try {
                posts.clear();
            } finally {
                lock.unlock();
            }
            events.ended(this, ending);
        }
    }
}
