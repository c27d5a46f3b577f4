package dev.switchboard.client.link.internal;

import dev.switchboard.client.link.Link;
import dev.switchboard.client.link.LinkClosed;
import dev.switchboard.client.link.LinkCredential;
import dev.switchboard.client.link.LinkListener;
import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.link.LinkSession;
import dev.switchboard.client.link.LinkState;
import dev.switchboard.client.link.LinkTransport;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The reconnecting link. Every state change and every listener call runs on one {@link SerialExecutor}; the lock
 * guards only what {@link #send} and {@link #sendNow} touch from the caller's threads (state, the open transport,
 * the offline queue).
 */
public final class DefaultLink implements Link, Transport.Events {

    /**
     * Messages received and not yet handed to the listener. Beyond it the transport's reading thread waits, so a
     * slow listener slows the server down through TCP instead of filling the heap.
     */
    static final int INBOUND_LIMIT = 256;

    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final LinkOptions options;
    private final LinkListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Semaphore inbound = new Semaphore(INBOUND_LIMIT);
    private final ExecutorService ownedExecutor;
    private final ExecutorService jettyBlockingWork;
    private final SerialExecutor serial;

    // Guarded by lock.
    private LinkState state = LinkState.NEW;
    private Transport current;
    private boolean open;
    private boolean flushing;

    // Set once by start(); read by the caller's threads in close() and freshCredential().
    private volatile JettyClients clients;
    private volatile Auth auth;

    // Touched on the serial executor only (urlIndex also read by freshCredential()).
    private int failures;
    private int openedCount;
    private volatile int urlIndex;
    private int transportIndex;
    private Scheduler.Task retryTask;
    private Scheduler.Task heartbeatTask;
    private Scheduler.Task pongTask;
    private LinkTransport currentKind;
    private volatile long lastAlive;

    /** A link that does nothing until {@link #start()}. */
    public DefaultLink(LinkOptions options, LinkListener listener) {
        this.options = options;
        this.listener = listener;
        if (options.executor().isPresent()) {
            ownedExecutor = null;
            serial = new SerialExecutor(options.executor().get(), this::listenerFailed);
        } else {
            ownedExecutor = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name(options.name() + "-", 0).factory());
            serial = new SerialExecutor(ownedExecutor, this::listenerFailed);
        }
        // Jetty's own blocking work (delivering a message, which may wait for the listener to catch up) never runs
        // on the caller's executor: a small or single-threaded one would then wait for itself.
        jettyBlockingWork = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(options.name() + "-jetty-", 0).factory());
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (state != LinkState.NEW) {
                throw new IllegalStateException("the link was started already (" + state + ")");
            }
            state = LinkState.CONNECTING;
        } finally {
            lock.unlock();
        }
        clients = new JettyClients(options, jettyBlockingWork);
        try {
            clients.start();
        } catch (Exception e) {
            clients.stop();
            lock.lock();
            try {
                state = LinkState.CLOSED;
            } finally {
                lock.unlock();
            }
            shutdownExecutors();
            throw new IllegalStateException("the link's HTTP client did not start", e);
        }
        auth = new Auth(options.auth(), clients.http, options.connectTimeout());
        serial.execute(this::attempt);
    }

    @Override
    public boolean send(String text) {
        java.util.Objects.requireNonNull(text, "text");
        String dropped = null;
        lock.lock();
        try {
            if (state == LinkState.CLOSED) {
                return false;
            }
            if (open && !flushing) {
                current.send(text);
                return true;
            }
            if (queue.size() >= options.queueCapacity()) {
                switch (options.overflow()) {
                    case REFUSE -> {
                        return false;
                    }
                    case DROP_NEWEST -> dropped = text;
                    case DROP_OLDEST -> {
                        dropped = queue.poll();
                        queue.add(text);
                    }
                }
            } else {
                queue.add(text);
            }
        } finally {
            lock.unlock();
        }
        if (dropped != null) {
            String lost = dropped;
            serial.execute(() -> listener.dropped(lost, "offline queue full (" + options.queueCapacity() + ")"));
        }
        return true;
    }

    @Override
    public boolean sendNow(String text) {
        java.util.Objects.requireNonNull(text, "text");
        lock.lock();
        try {
            if (!open || state != LinkState.OPEN) {
                return false;
            }
            current.send(text);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean sendBinary(ByteBuffer data) {
        lock.lock();
        try {
            return open && state == LinkState.OPEN && current.sendBinary(data);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean sendBinary(ByteBuffer data, Runnable written) {
        lock.lock();
        try {
            return open && state == LinkState.OPEN && current.sendBinary(data, written);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public LinkState state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<LinkCredential> freshCredential() {
        Auth a = auth;
        if (a == null) {
            throw new IllegalStateException("the link is not started");
        }
        List<URI> urls = options.urls();
        return a.fresh(Endpoints.of(urls.get(Math.floorMod(urlIndex, urls.size()))));
    }

    @Override
    public void close() {
        Transport transport;
        LinkState was;
        boolean wasOpen;
        lock.lock();
        try {
            was = state;
            if (was == LinkState.CLOSED) {
                transport = null;
                wasOpen = false;
            } else {
                state = LinkState.CLOSED;
                transport = current;
                wasOpen = open;
                if (open && transport != null) {
                    // Sends taken while the opening connection was being flushed to are sent before the close frame,
                    // in order: the application was told they were taken, and the connection is there to carry them.
                    String text;
                    while ((text = queue.poll()) != null) {
                        transport.send(text);
                    }
                }
                current = null;
                open = false;
                queue.clear();
            }
        } finally {
            lock.unlock();
        }
        if (was != LinkState.CLOSED && was != LinkState.NEW) {
            cancelTimers();
            if (transport != null) {
                transport.close(1000, "", CLOSE_WAIT_MILLIS);
            }
            serial.execute(
                    () -> listener.closed(new LinkClosed(1000, "closed by the client", wasOpen, false, Duration.ZERO)));
        }
        release();
    }

    @Override
    public void reconnect(Duration delay) {
        java.util.Objects.requireNonNull(delay, "delay");
        serial.execute(() -> {
            Transport transport;
            lock.lock();
            try {
                if (state != LinkState.OPEN || current == null) {
                    return;
                }
                transport = current;
                current = null;
                open = false;
                flushing = false;
                state = LinkState.CONNECTING;
            } finally {
                lock.unlock();
            }
            stopHeartbeat();
            transport.close(1001, "moving to another server", CLOSE_WAIT_MILLIS);
            transportIndex = 0;
            urlIndex = (urlIndex + 1) % options.urls().size();
            listener.closed(new LinkClosed(1001, "moving to another server", true, true, delay));
            retryTask = clients.http
                    .getScheduler()
                    .schedule(() -> serial.execute(this::attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    // --- the state machine, on the serial executor ---

    private void attempt() {
        retryTask = null;
        if (state() == LinkState.CLOSED) {
            return;
        }
        List<URI> urls = options.urls();
        URI url = urls.get(urlIndex % urls.size());
        LinkTransport kind = options.transports().get(transportIndex);
        Endpoints endpoints = Endpoints.of(url);
        Auth.Prepared prepared;
        try {
            prepared = auth.prepare(endpoints, kind);
        } catch (Auth.Refused refused) {
            finishFailedAttempt(
                    null,
                    new Transport.Ending(1006, refused.getMessage(), false, refused.status, false),
                    refused.terminal);
            return;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>(options.headers());
        headers.putAll(prepared.headers());
        Transport transport = switch (kind) {
            case WEBSOCKET ->
                new WebSocketTransport(
                        clients.webSocket,
                        prepared.uri(),
                        headers,
                        options.subprotocols(),
                        options.permessageDeflate(),
                        options.connectTimeout().toMillis(),
                        this);
            case SSE -> new SseTransport(clients.http, endpoints, prepared.uri(), headers, options, this);
        };
        lock.lock();
        try {
            if (state == LinkState.CLOSED) {
                return;
            }
            current = transport;
            open = false;
            currentKind = kind;
        } finally {
            lock.unlock();
        }
        transport.open();
    }

    @Override
    public void opened(Transport transport, String subprotocol, String connectionId) {
        serial.execute(() -> {
            lock.lock();
            try {
                if (transport != current || state == LinkState.CLOSED) {
                    transport.abort("superseded");
                    return;
                }
                state = LinkState.OPEN;
                open = true;
                flushing = true;
            } finally {
                lock.unlock();
            }
            failures = 0;
            transportIndex = 0;
            lastAlive = System.nanoTime();
            List<URI> urls = options.urls();
            LinkSession session = new LinkSession(
                    urls.get(urlIndex % urls.size()),
                    currentKind == LinkTransport.SSE ? "sse" : "websocket",
                    subprotocol,
                    connectionId,
                    openedCount++);
            try {
                listener.opened(session);
            } catch (RuntimeException e) {
                listenerFailed(e);
            }
            lock.lock();
            try {
                if (transport == current && open) {
                    String text;
                    while ((text = queue.poll()) != null) {
                        transport.send(text);
                    }
                }
                flushing = false;
            } finally {
                lock.unlock();
            }
            startHeartbeat(transport);
        });
    }

    @Override
    public void text(Transport transport, String text) {
        if (!acquireInbound(transport)) {
            return;
        }
        serial.execute(() -> {
            try {
                if (transport == currentTransport()) {
                    listener.text(text);
                }
            } finally {
                inbound.release();
            }
        });
    }

    @Override
    public void binary(Transport transport, ByteBuffer data) {
        if (!acquireInbound(transport)) {
            return;
        }
        serial.execute(() -> {
            try {
                if (transport == currentTransport()) {
                    listener.binary(data);
                }
            } finally {
                inbound.release();
            }
        });
    }

    @Override
    public void alive(Transport transport) {
        lastAlive = System.nanoTime();
    }

    @Override
    public void undelivered(Transport transport, String text, Throwable why) {
        serial.execute(() -> listener.dropped(text, "not delivered: " + WebSocketTransport.describe(why)));
    }

    @Override
    public void error(Transport transport, Throwable error) {
        serial.execute(() -> listener.error(error));
    }

    @Override
    public void ended(Transport transport, Transport.Ending ending) {
        serial.execute(() -> transportEnded(transport, ending));
    }

    private void transportEnded(Transport transport, Transport.Ending ending) {
        lock.lock();
        try {
            if (transport != current || state == LinkState.CLOSED) {
                return;
            }
            current = null;
            open = false;
            flushing = false;
        } finally {
            lock.unlock();
        }
        stopHeartbeat();
        if (!ending.wasOpen()
                && ending.refusedUpgrade()
                && transportIndex + 1 < options.transports().size()) {
            // Something between here and the server does not pass this transport: try the next one at once.
            transportIndex++;
            listener.error(new java.io.IOException(currentKind + " refused (" + ending.reason() + "), trying "
                    + options.transports().get(transportIndex)));
            attempt();
            return;
        }
        finishFailedAttempt(transport, ending, terminal(ending));
    }

    private void finishFailedAttempt(Transport transport, Transport.Ending ending, boolean terminal) {
        transportIndex = 0;
        if (!ending.wasOpen()) {
            failures++;
        }
        boolean retrying =
                options.reconnect() && !terminal && (options.maxAttempts() == 0 || failures < options.maxAttempts());
        Duration delay = retrying ? backoff(ending.wasOpen() ? 0 : failures) : Duration.ZERO;
        List<String> lost = new ArrayList<>();
        lock.lock();
        try {
            if (state == LinkState.CLOSED) {
                return;
            }
            state = retrying ? LinkState.CONNECTING : LinkState.CLOSED;
            if (!retrying) {
                lost.addAll(queue);
                queue.clear();
            }
        } finally {
            lock.unlock();
        }
        // The next attempt goes to the next server: one that is down or refusing is not asked twice in a row while
        // another may answer.
        urlIndex = (urlIndex + 1) % options.urls().size();
        listener.closed(new LinkClosed(ending.code(), ending.reason(), ending.wasOpen(), retrying, delay));
        if (retrying) {
            retryTask = clients.http
                    .getScheduler()
                    .schedule(() -> serial.execute(this::attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            for (String text : lost) {
                listener.dropped(text, "link closed");
            }
            // Gave up: nothing of the link may keep running. Stopping Jetty from here is safe, as this thread is
            // not one of Jetty's.
            ownedExecutorReleaseLater();
        }
    }

    /**
     * Whether reconnecting cannot help: the server's terminal close codes (1008 policy violation, which a refused
     * login produces, and 4500-4999, Switchboard's terminal range) and an HTTP 401 answer to the upgrade or to a
     * login.
     */
    static boolean terminal(Transport.Ending ending) {
        int code = ending.code();
        return code == 1008 || (code >= 4500 && code <= 4999) || ending.httpStatus() == 401;
    }

    private Duration backoff(int attempt) {
        long initial = options.initialDelay().toMillis();
        long max = options.maxDelay().toMillis();
        long ceiling = attempt < 31 ? Math.min(max, initial * (1L << attempt)) : max;
        // Full jitter: links cut off together come back spread over the whole window.
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private void startHeartbeat(Transport transport) {
        Duration interval = options.heartbeatInterval();
        if (interval.isZero()) {
            return;
        }
        heartbeatTask = clients.http
                .getScheduler()
                .schedule(() -> serial.execute(() -> beat(transport)), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat(Transport transport) {
        heartbeatTask = null;
        if (transport != currentTransport()) {
            return;
        }
        long now = System.nanoTime();
        if (currentKind == LinkTransport.SSE) {
            long allowed =
                    options.heartbeatInterval().plus(options.pongTimeout()).toNanos();
            if (now - lastAlive > allowed) {
                transport.abort("heartbeat: nothing received for "
                        + options.heartbeatInterval()
                                .plus(options.pongTimeout())
                                .toMillis() + " ms");
                return;
            }
        } else {
            transport.ping();
            pongTask = clients.http
                    .getScheduler()
                    .schedule(
                            () -> serial.execute(() -> checkPong(transport, now)),
                            options.pongTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
        }
        startHeartbeat(transport);
    }

    private void checkPong(Transport transport, long pingSent) {
        pongTask = null;
        if (transport == currentTransport() && lastAlive - pingSent < 0) {
            transport.abort("heartbeat: no pong within " + options.pongTimeout().toMillis() + " ms");
        }
    }

    private void stopHeartbeat() {
        if (heartbeatTask != null) {
            heartbeatTask.cancel();
            heartbeatTask = null;
        }
        if (pongTask != null) {
            pongTask.cancel();
            pongTask = null;
        }
    }

    private void cancelTimers() {
        Scheduler.Task retry = retryTask;
        if (retry != null) {
            retry.cancel();
        }
        Scheduler.Task beat = heartbeatTask;
        if (beat != null) {
            beat.cancel();
        }
        Scheduler.Task pong = pongTask;
        if (pong != null) {
            pong.cancel();
        }
    }

    private Transport currentTransport() {
        lock.lock();
        try {
            return current;
        } finally {
            lock.unlock();
        }
    }

    private boolean acquireInbound(Transport transport) {
        try {
            while (!inbound.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (transport != currentTransport()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void listenerFailed(Throwable failure) {
        try {
            listener.error(failure);
        } catch (RuntimeException ignored) {
            // A listener that throws from error() too has been told as well as it can be.
        }
    }

    private void ownedExecutorReleaseLater() {
        // Called on the serial executor: the Jetty clients stop here, the executor once this task returns.
        if (clients != null) {
            clients.awaitSessionsClosed(Duration.ofMillis(CLOSE_WAIT_MILLIS));
            clients.stop();
        }
        serial.shutdown();
        shutdownExecutors();
    }

    private void release() {
        if (clients != null) {
            // A transport that ended by the server's close may still be writing its answer: let it finish, so the
            // server sees a clean closing handshake (bounded; the close above already waited for our own close).
            clients.awaitSessionsClosed(Duration.ofMillis(CLOSE_WAIT_MILLIS));
            clients.stop();
        }
        boolean onLinkThread = serial.isCurrent();
        if (!onLinkThread) {
            try {
                serial.awaitIdle(Duration.ofMillis(CLOSE_WAIT_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        serial.shutdown();
        shutdownExecutors();
        if (!onLinkThread) {
            try {
                jettyBlockingWork.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (ownedExecutor != null) {
                    ownedExecutor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void shutdownExecutors() {
        jettyBlockingWork.shutdown();
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
    }
}
