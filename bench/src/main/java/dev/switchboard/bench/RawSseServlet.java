package dev.switchboard.bench;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The baseline SSE fan-out: an asynchronous servlet keeps every {@code GET /sse/...} stream open, and
 * {@link #broadcast} writes {@code data: <payload>} to each with a blocking write and flush under a per-stream lock.
 * That is the cheapest correct broadcast with the servlet API; it blocks the publisher when a stream's socket buffer
 * is full, which on loopback with fast readers does not happen.
 */
public class RawSseServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Set<Stream> STREAMS = ConcurrentHashMap.newKeySet();

    /** One open stream. */
    private record Stream(AsyncContext async, ServletOutputStream out, ReentrantLock lock) {
        void write(byte[] bytes) {
            lock.lock();
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException | RuntimeException e) {
                STREAMS.remove(this);
                async.complete();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Sends one event to every open stream.
     *
     * @param payload the event data, one line
     */
    static void broadcast(String payload) {
        byte[] event = ("data: " + payload + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (Stream stream : STREAMS) {
            stream.write(event);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        Stream stream = new Stream(async, response.getOutputStream(), new ReentrantLock());
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                STREAMS.remove(stream);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                STREAMS.remove(stream);
            }

            @Override
            public void onError(AsyncEvent event) {
                STREAMS.remove(stream);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // Not restarted.
            }
        });
        STREAMS.add(stream);
        stream.write(": open\n\n".getBytes(StandardCharsets.UTF_8));
    }
}
