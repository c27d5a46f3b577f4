package dev.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/**
 * The asynchronous load driver: Jetty WebSocket core clients, one per loopback source address (127.0.0.2, .3, ...),
 * sharing one small thread pool, scheduler and buffer pool. Connections are spread over the source addresses in
 * turn, because one source address has only about 28,000 ephemeral ports (32768-60999), fewer while closed ones
 * sit in TIME_WAIT.
 */
final class LoadClient implements AutoCloseable {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(BenchServer.IDLE_TIMEOUT_SECONDS);

    private final QueuedThreadPool executor;
    private final ScheduledExecutorScheduler scheduler;
    private final List<WebSocketCoreClient> clients = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    LoadClient(int sourceAddresses, int workerThreads) throws Exception {
        // Each client's selector holds one pool thread for good; the rest run frame callbacks.
        executor = new QueuedThreadPool(sourceAddresses + workerThreads, Math.min(4, sourceAddresses + workerThreads));
        executor.setName("driver");
        executor.start();
        scheduler = new ScheduledExecutorScheduler("driver-scheduler", true);
        scheduler.start();
        ByteBufferPool buffers = new ArrayByteBufferPool();
        for (int i = 0; i < sourceAddresses; i++) {
            ClientConnector connector = new ClientConnector();
            connector.setBindAddress(new InetSocketAddress("127.0.0." + (2 + i), 0));
            connector.setSelectors(1);
            connector.setExecutor(executor);
            connector.setScheduler(scheduler);
            connector.setByteBufferPool(buffers);
            connector.setIdleTimeout(IDLE_TIMEOUT);
            connector.setConnectTimeout(Duration.ofSeconds(30));
            HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
            http.setExecutor(executor);
            http.setScheduler(scheduler);
            http.setByteBufferPool(buffers);
            // Every upgrade holds an HTTP connection of the destination; the defaults (64) would queue them.
            http.setMaxConnectionsPerDestination(200_000);
            http.setMaxRequestsQueuedPerDestination(200_000);
            http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            http.setConnectTimeout(30_000);
            http.start();
            WebSocketCoreClient client =
                    new WebSocketCoreClient(http, new WebSocketComponents(null, null, buffers, null, null, executor));
            client.start();
            clients.add(client);
        }
    }

    /**
     * Opens one connection.
     *
     * @param uri         the server URI
     * @param subprotocol the subprotocol to offer, or null
     * @return the connection once open
     */
    CompletableFuture<ClientConnection> connect(URI uri, String subprotocol) {
        // A handshake can fail on a pooled HTTP connection the server has closed meanwhile; a fresh attempt does not.
        return connectOnce(uri, subprotocol)
                .exceptionallyCompose(first -> connectOnce(uri, subprotocol))
                .exceptionallyCompose(second -> connectOnce(uri, subprotocol));
    }

    private CompletableFuture<ClientConnection> connectOnce(URI uri, String subprotocol) {
        WebSocketCoreClient client = clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
        ClientConnection connection = new ClientConnection();
        CoreClientUpgradeRequest request = CoreClientUpgradeRequest.from(client, uri, connection);
        if (subprotocol != null) {
            request.setSubProtocols(subprotocol);
        }
        Configuration.ConfigurationCustomizer configuration = new Configuration.ConfigurationCustomizer();
        configuration.setIdleTimeout(IDLE_TIMEOUT);
        configuration.setMaxTextMessageSize(1 << 20);
        request.setConfiguration(configuration);
        try {
            client.connect(request).whenComplete((session, failure) -> {
                if (failure != null) {
                    connection.opened().completeExceptionally(failure);
                }
            });
        } catch (IOException | RuntimeException e) {
            connection.opened().completeExceptionally(e);
        }
        return connection.opened();
    }

    /**
     * Opens many connections, at most {@code inFlight} handshakes at a time so the server's accept queue never
     * overflows, and fails when any does not open before the deadline.
     *
     * @param uri         the server URI
     * @param subprotocol the subprotocol to offer, or null
     * @param count       how many
     * @param inFlight    most handshakes under way at once
     * @param timeout     the deadline for all of them
     * @return the open connections
     * @throws IOException when one fails or the deadline passes; those already open are closed
     */
    List<ClientConnection> connectAll(URI uri, String subprotocol, int count, int inFlight, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<ClientConnection>> pending = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new TimeoutException("opened " + i + " of " + count + " connections in " + timeout);
                }
                CompletableFuture<ClientConnection> opening = connect(uri, subprotocol);
                opening.whenComplete((connection, failure) -> permits.release());
                pending.add(opening);
            }
            List<ClientConnection> open = new ArrayList<>(count);
            for (CompletableFuture<ClientConnection> opening : pending) {
                open.add(opening.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return open;
        } catch (Exception e) {
            for (CompletableFuture<ClientConnection> opening : pending) {
                opening.thenAccept(ClientConnection::close);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("Could not open " + count + " connections to " + uri + ": " + e, e);
        }
    }

    /**
     * Opens many SSE streams, at most {@code inFlight} requests under way at once.
     *
     * @param uri      the stream URI
     * @param count    how many
     * @param inFlight most requests opening at once
     * @param timeout  the deadline for all of them
     * @return the open streams
     * @throws IOException when one fails or the deadline passes; those already open are closed
     */
    List<SseStream> openSse(URI uri, int count, int inFlight, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore permits = new Semaphore(inFlight);
        List<SseStream> streams = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                if (!permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new TimeoutException("opened " + i + " of " + count + " streams in " + timeout);
                }
                HttpClient http = clients.get(Math.floorMod(next.getAndIncrement(), clients.size()))
                        .getHttpClient();
                SseStream stream = SseStream.open(http, uri);
                stream.opened().whenComplete((open, failure) -> permits.release());
                streams.add(stream);
            }
            for (SseStream stream : streams) {
                stream.opened().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return streams;
        } catch (Exception e) {
            streams.forEach(SseStream::close);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("Could not open " + count + " SSE streams to " + uri + ": " + e, e);
        }
    }

    /**
     * How the connections given to {@link #closeAll} ended.
     *
     * @param clean     closed cleanly: the driver's close frame (1000) answered by the server's close frame with
     *                  1000, and the session closed with 1000, before the timeout
     * @param otherwise every other ending, by description (a close code, no close frame, the timeout), with its count
     */
    record Closes(int clean, Map<String, Integer> otherwise) {

        /** How many connections were closed. */
        int total() {
            return clean
                    + otherwise.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Whether every connection closed cleanly. */
        boolean allClean() {
            return otherwise.isEmpty();
        }

        /** Adds another batch's counts. */
        Closes plus(Closes other) {
            Map<String, Integer> merged = new TreeMap<>(otherwise);
            other.otherwise.forEach((outcome, count) -> merged.merge(outcome, count, Integer::sum));
            return new Closes(clean + other.clean, java.util.Collections.unmodifiableMap(merged));
        }

        static final Closes NONE = new Closes(0, Map.of());
    }

    /**
     * Closes connections (close frame 1000) and waits (up to the timeout) until the close handshakes completed, so
     * the next phase starts from a quiet server.
     *
     * @return how each ended; callers that only need the server quiet may ignore it
     */
    static Closes closeAll(List<ClientConnection> connections, Duration timeout) {
        connections.forEach(ClientConnection::close);
        long deadline = System.nanoTime() + timeout.toNanos();
        int clean = 0;
        Map<String, Integer> otherwise = new TreeMap<>();
        for (ClientConnection connection : connections) {
            String outcome;
            try {
                outcome = ending(
                        connection.closed().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS),
                        connection.closeReceived());
            } catch (TimeoutException e) {
                // The server side frees it on its own idle timeout at the latest.
                outcome = "no close within " + timeout.toSeconds() + " s";
            } catch (ExecutionException e) {
                outcome = "failed: " + e.getCause().getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = "interrupted";
            }
            if (outcome == null) {
                clean++;
            } else {
                otherwise.merge(outcome, 1, Integer::sum);
            }
        }
        return new Closes(clean, java.util.Collections.unmodifiableMap(otherwise));
    }

    /** Null for a clean close, else what happened. */
    private static String ending(CloseStatus closed, CloseStatus received) {
        if (closed == null) {
            return "never opened";
        }
        if (received == null) {
            return "no close frame from the server (session closed with " + closed.getCode() + ")";
        }
        if (received.getCode() != CloseStatus.NORMAL) {
            return "server closed with " + received.getCode();
        }
        if (closed.getCode() != CloseStatus.NORMAL) {
            return "session closed with " + closed.getCode();
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        try {
            for (WebSocketCoreClient client : clients) {
                client.stop();
                client.getHttpClient().stop();
            }
            scheduler.stop();
            executor.stop();
        } catch (Exception e) {
            throw new IOException("Stopping the driver failed", e);
        }
    }
}
