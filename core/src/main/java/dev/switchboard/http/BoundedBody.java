package dev.switchboard.http;

import dev.switchboard.log.LogSafe;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a request body within a size budget and a total time budget, then hands it to a handler.
 *
 * <p>A container's idle timeout does not stop a client that sends one byte every few seconds: each byte resets it.
 * So the body is read with non-blocking servlet I/O ({@link ReadListener}) inside an asynchronous request whose
 * {@linkplain AsyncContext#setTimeout timeout} bounds the whole read: no thread waits for the client, and when the
 * time is up the request is answered <b>408</b> however much has arrived. A body larger than the budget, declared
 * or actually sent, is answered <b>413</b> as soon as it is known. Both refusals carry a one-line plain-text body and
 * {@code Connection: close} on HTTP/1.1, since the rest of the body is never read.
 *
 * <p>The servlet and every filter in front of it must support asynchronous requests (Switchboard registers its own
 * that way). When an application's filter does not, the body is read blocking, with the size budget only, and this
 * is logged once.
 */
public final class BoundedBody {

    /** Receives a body read in full. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Handles the body and writes the response. Called once, on a container thread, before the request
         * completes.
         *
         * @param body the body's bytes
         * @throws IOException when writing the response fails
         */
        void accept(byte[] body) throws IOException;
    }

    /** A step that may fail with an I/O error. */
    @FunctionalInterface
    private interface Action {
        void run() throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(BoundedBody.class.getName());
    private static final AtomicBoolean WARNED_SYNC = new AtomicBoolean();
    private static final int CHUNK = 8192;

    private BoundedBody() {}

    /**
     * Reads the request's body and calls the handler with it, or answers 413 / 408.
     *
     * @param request  the request
     * @param response the response
     * @param maxBytes the largest body accepted
     * @param timeout  the longest time the whole body may take to arrive
     * @param handler  what to do with the body
     * @throws IOException when answering fails
     */
    public static void read(
            HttpServletRequest request, HttpServletResponse response, int maxBytes, Duration timeout, Handler handler)
            throws IOException {
        long declared = request.getContentLengthLong();
        boolean http1 = isHttp1(request);
        if (declared > maxBytes) {
            tooLarge(response, maxBytes, http1);
            return;
        }
        if (declared == 0) {
            handler.accept(new byte[0]);
            return;
        }
        if (!request.isAsyncSupported()) {
            if (WARNED_SYNC.compareAndSet(false, true)) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "A filter in front of {0} does not support asynchronous"
                                + " requests: request bodies there are read without a time limit",
                        LogSafe.of(request.getServletPath()));
            }
            readBlocking(request, response, maxBytes, handler, http1);
            return;
        }
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(Math.max(1, timeout.toMillis()));
        ServletInputStream in = request.getInputStream();
        Reader reader = new Reader(async, response, in, maxBytes, timeout, handler, http1);
        async.addListener(reader);
        in.setReadListener(reader);
    }

    private static void readBlocking(
            HttpServletRequest request, HttpServletResponse response, int maxBytes, Handler handler, boolean http1)
            throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                tooLarge(response, maxBytes, http1);
                return;
            }
            handler.accept(body);
        }
    }

    private static boolean isHttp1(HttpServletRequest request) {
        String protocol = request.getProtocol();
        return protocol == null || protocol.startsWith("HTTP/1");
    }

    private static void tooLarge(HttpServletResponse response, int maxBytes, boolean http1) throws IOException {
        refuse(
                response,
                HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                "The request body exceeds " + maxBytes + " bytes",
                http1);
    }

    private static void refuse(HttpServletResponse response, int status, String text, boolean http1)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        // No reset: headers set before the read (CORS) must stay, so a page on an allowed origin can read why.
        response.setStatus(status);
        if (http1) {
            // The rest of the body is never read, so the connection cannot carry another request. HTTP/2 has no
            // such header: the container resets the stream instead.
            response.setHeader("Connection", "close");
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().write(text + "\n");
    }

    /**
     * The read in progress; exactly one of "all read", "too large", "too slow" and "failed" ends it, whichever comes
     * first, and the others find it ended.
     */
    private static final class Reader implements ReadListener, AsyncListener {

        private final AsyncContext async;
        private final HttpServletResponse response;
        private final ServletInputStream in;
        private final int maxBytes;
        private final Duration timeout;
        private final Handler handler;
        private final boolean http1;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final byte[] chunk = new byte[CHUNK];
        private final AtomicBoolean ended = new AtomicBoolean();

        Reader(
                AsyncContext async,
                HttpServletResponse response,
                ServletInputStream in,
                int maxBytes,
                Duration timeout,
                Handler handler,
                boolean http1) {
            this.async = async;
            this.response = response;
            this.in = in;
            this.maxBytes = maxBytes;
            this.timeout = timeout;
            this.handler = handler;
            this.http1 = http1;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!ended.get() && in.isReady()) {
                int read = in.read(chunk);
                if (read < 0) {
                    return;
                }
                if (body.size() + read > maxBytes) {
                    end(() -> tooLarge(response, maxBytes, http1));
                    return;
                }
                body.write(chunk, 0, read);
            }
        }

        @Override
        public void onAllDataRead() {
            end(() -> handler.accept(body.toByteArray()));
        }

        @Override
        public void onError(Throwable failure) {
            // The client went away or sent a broken body; nobody is left to answer.
            LOG.log(System.Logger.Level.DEBUG, "Reading a request body failed: {0}", String.valueOf(failure));
            end(() -> {});
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end(() -> refuse(
                    response,
                    HttpServletResponse.SC_REQUEST_TIMEOUT,
                    "The request body did not arrive" + " within " + timeout.toMillis() + " ms",
                    http1));
        }

        @Override
        public void onComplete(AsyncEvent event) {
            ended.set(true);
        }

        @Override
        public void onError(AsyncEvent event) {
            end(() -> {});
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Not restarted.
        }

        private void end(Action action) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            try {
                action.run();
            } catch (IOException | RuntimeException e) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "Answering a request after reading its body failed: {0}",
                        String.valueOf(e));
                if (!response.isCommitted()) {
                    response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                }
            } finally {
                try {
                    async.complete();
                } catch (IllegalStateException alreadyComplete) {
                    // The container completed it first (an error dispatch); nothing left to do.
                }
            }
        }
    }
}
