package dev.switchboard.client;

import dev.switchboard.client.internal.EventDispatcher;
import dev.switchboard.client.internal.Ids;
import dev.switchboard.client.internal.Wire;
import dev.switchboard.client.link.Link;
import dev.switchboard.client.link.LinkClosed;
import dev.switchboard.client.link.LinkCredential;
import dev.switchboard.client.link.LinkListener;
import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.link.LinkSession;
import dev.switchboard.client.link.LinkState;
import dev.switchboard.client.link.Links;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Java client of Switchboard's sgc protocol ({@code esegece.com}): subscribe to channels and masks, publish
 * with QoS 0, 1 or 2 and queue levels, broadcast, call server methods, publish in transactions, carry bytes, and
 * resume every exact channel after a reconnect so that nothing is lost or repeated (or a {@link ClientEvent.Gap}
 * says what was lost).
 *
 * <p>The client runs over a {@link Link}, which keeps one connection to a list of servers and reconnects by
 * itself; the client renews its subscriptions and re-sends its unacknowledged QoS 1 and 2 publications on every
 * new connection, after naming its QoS session so that the server does not process a QoS 2 publication twice.
 * Events reach a {@link SwitchboardListener} and any number of {@link Flow.Subscriber}s ({@link #events()},
 * {@link #channel(String)}), each through a bounded buffer.
 *
 * <p>Thread-safe. {@link #close()} stops everything the client started before it returns.
 *
 * <pre>{@code
 * try (SwitchboardClient client = SwitchboardClient.builder()
 *         .url("ws://localhost:8080/")
 *         .listener(new SwitchboardListener() {
 *             public void event(ClientEvent.Publication p) { System.out.println(p.channel() + ": " + p.message()); }
 *         })
 *         .build()) {
 *     client.connect().get(10, TimeUnit.SECONDS);
 *     client.subscribe("news").join();
 *     client.publish("news", "hello", Qos.EXACTLY_ONCE).join();
 *     Sum sum = client.rpc("add", Map.of("a", 2, "b", 3), Sum.class).join();
 * }
 * }</pre>
 */
public final class SwitchboardClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SwitchboardClient.class.getName());

    /** Remembered ids of QoS 2 messages the server sent, so a repeat is not delivered again (as the server's). */
    private static final int RECEIVED_QOS2_IDS = 1024;

    private static final String MASK_CHARS = "*?[";

    /** The server's answer to a request beyond a connection's budget (docs/sgc-protocol.md, Budgets). */
    private static final int BUDGET_EXCEEDED = -32029;

    /** The server's answer to a publication its broker could not take yet; the client keeps it and retries. */
    private static final int PUBLICATION_REFUSED = -32000;

    /** JSON-RPC's unknown method: a server without QoS sessions answers {@code sgc@qos-session} with it. */
    private static final int METHOD_NOT_FOUND = -32601;

    /** The server's answer to a QoS session another of its connections still holds (docs/sgc-protocol.md). */
    private static final int QOS_SESSION_IN_USE = -32009;

    /** The first wait before a QoS session held by the server's old connection is named again; it doubles. */
    private static final long QOS_SESSION_FIRST_RETRY_MILLIS = 100;

    /** The subprotocol of the sgc protocol, which the link must offer. */
    public static final String SUBPROTOCOL = "esegece.com";

    /**
     * The position of the client in a channel's history.
     *
     * @param epoch the channel's epoch
     * @param offset the offset of the last publication the client received (0 before the first)
     */
    public record Position(String epoch, long offset) {}

    private enum Step {
        /** QoS 1: waiting for the acknowledgment. QoS 2: waiting for {@code sgc@pubrec}. */
        SENT,
        /** QoS 2: released with {@code sgc@pubrel}, waiting for the acknowledgment. */
        RELEASED
    }

    private static final class Outgoing {
        final String id;
        final Qos qos;
        final String frame;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        Step step = Step.SENT;
        long sentAt;
        boolean sent;
        /** QoS 2 only: waiting for room in the window (or in the server's budget) before it is sent. */
        boolean parked;

        Outgoing(String id, Qos qos, String frame) {
            this.id = id;
            this.qos = qos;
            this.frame = frame;
        }
    }

    private record Call(CompletableFuture<JsonValue> result, int generation, ScheduledFuture<?> timeout) {}

    private record Control(CompletableFuture<Void> done, int generation) {}

    private final Builder settings;
    private final Link link;
    private final Ids ids = new Ids();
    private final ReentrantLock lock = new ReentrantLock();
    private final ScheduledExecutorService scheduler;
    private final EventDispatcher dispatcher;
    private final Jsonb jsonb;
    private final ScheduledFuture<?> retryScan;
    private final CompletableFuture<ClientEvent.Opened> firstOpen = new CompletableFuture<>();
    private final AtomicBoolean finalClose = new AtomicBoolean();
    /** The QoS session's key: 128 random bits, base64url, named on every connection of this client. */
    private final String qosSessionKey = newQosSessionKey();

    // Everything below is guarded by lock.
    private final Map<String, Position> channels = new LinkedHashMap<>();
    private final Set<String> liveOnly = new HashSet<>();
    private final Set<String> awaitingResumeGap = new HashSet<>();
    private final Map<String, List<CompletableFuture<ClientEvent.Subscribed>>> subscribing = new LinkedHashMap<>();
    private final Map<String, List<CompletableFuture<Void>>> unsubscribing = new LinkedHashMap<>();
    private final Map<String, String> subscriptionIds = new LinkedHashMap<>();
    private final Map<String, Call> calls = new LinkedHashMap<>();
    private final Map<String, Control> controls = new LinkedHashMap<>();
    private final Map<String, Outgoing> inFlight = new LinkedHashMap<>();
    private final LinkedHashMap<String, Boolean> receivedQos2 = new LinkedHashMap<>();
    private boolean started;
    private boolean open;
    private boolean everOpened;
    private boolean openedAnnounced;
    private boolean closed;
    private int generation;
    private LinkSession linkSession;
    private String session;
    /** Whether QoS 2 flows may go on this connection: the server answered {@code sgc@qos-session}. */
    private boolean qosSessionReady;
    /** The id of the {@code sgc@qos-session} request waiting for its answer, or null. */
    private String qosSessionRequest;

    private long qosSessionSentAt;
    private int qosSessionRetries;

    private SwitchboardClient(Builder settings) {
        this.settings = settings;
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(
                1, Thread.ofVirtual().name("switchboard-client-timer").factory());
        timers.setRemoveOnCancelPolicy(true);
        this.scheduler = timers;
        ExecutorService delivery = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("switchboard-client-events-", 0).factory());
        this.dispatcher = new EventDispatcher(delivery, settings.bufferSize);
        this.jsonb = settings.jsonb != null ? settings.jsonb : JsonbBuilder.create();
        this.link = settings.linkFactory.apply(new Inbound());
        if (settings.listener != null) {
            dispatcher.subscribe(
                    new ListenerSubscriber(settings.listener),
                    Function.identity(),
                    EventDispatcher.Overflow.DROP_OLDEST,
                    settings.listener::error);
        }
        long scan = Math.max(50, settings.qosRetry.toMillis() / 2);
        this.retryScan = scheduler.scheduleWithFixedDelay(this::retryDue, scan, scan, TimeUnit.MILLISECONDS);
    }

    /** A builder; {@link Builder#url(String...)} (or a link) is required. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- life -------------------------------------------------------------------------------------------------

    /**
     * Starts connecting (once; later calls return the same future).
     *
     * @return completes with the first {@link ClientEvent.Opened}, or exceptionally when the link gives up first
     */
    public CompletableFuture<ClientEvent.Opened> connect() {
        boolean start;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new SwitchboardException("the client is closed"));
            }
            start = !started;
            started = true;
        } finally {
            lock.unlock();
        }
        if (start) {
            link.start();
        }
        return firstOpen.copy();
    }

    /** The link's state: {@code NEW}, {@code CONNECTING}, {@code OPEN} or {@code CLOSED}. */
    public LinkState state() {
        return link.state();
    }

    /** The server's id of the current connection, or {@code null} while none is open. */
    public String session() {
        lock.lock();
        try {
            return session;
        } finally {
            lock.unlock();
        }
    }

    /** The last known position of every exact channel that has one (what a resume starts from). */
    public Map<String, Position> positions() {
        lock.lock();
        try {
            Map<String, Position> out = new LinkedHashMap<>();
            channels.forEach((channel, position) -> {
                if (position != null) {
                    out.put(channel, position);
                }
            });
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the connection (1000), stops reconnecting, fails what still waits (calls, unacknowledged
     * publications, subscriptions) with a {@link SwitchboardException}, completes every Flow subscriber, and ends
     * the client's threads before it returns. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            open = false;
        } finally {
            lock.unlock();
        }
        link.close();
        if (finalClose.compareAndSet(false, true)) {
            dispatcher.publish(new ClientEvent.Closed(1000, "closed by the application", false));
        }
        SwitchboardException why = new SwitchboardException("the client is closed");
        failEverything(why);
        firstOpen.completeExceptionally(why);
        retryScan.cancel(false);
        scheduler.shutdownNow();
        dispatcher.close(settings.closeWait.toMillis());
        try {
            scheduler.awaitTermination(settings.closeWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (settings.jsonb == null) {
            try {
                jsonb.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "Closing JSON-B failed", e);
            }
        }
    }

    // ---- events -----------------------------------------------------------------------------------------------

    /**
     * Every event of the client, as a Flow publisher. Each subscriber has its own buffer of
     * {@link Builder#bufferSize(int)} events waiting for its demand; a subscriber that lets it overflow is
     * cancelled and receives {@code onError} with a {@link SwitchboardException} (events are never dropped silently
     * from a Flow subscriber). After {@link #close()} subscribers complete.
     */
    public Flow.Publisher<ClientEvent> events() {
        return dispatcher.publisher(Function.identity());
    }

    /**
     * The publications of one channel, as a Flow publisher with the same buffer and overflow rule as
     * {@link #events()}. Subscribing to the publisher does not subscribe to the channel: call
     * {@link #subscribe(String)} as well. A mask subscription's publications are given by their concrete channel.
     */
    public Flow.Publisher<ClientEvent.Publication> channel(String channel) {
        Objects.requireNonNull(channel, "channel");
        return dispatcher.publisher(event ->
                event instanceof ClientEvent.Publication p && p.channel().equals(channel) ? p : null);
    }

    // ---- channels ---------------------------------------------------------------------------------------------

    /**
     * Subscribes to a channel, a mask ({@code news*}, {@code room-?}, {@code [a-c]*}) or a comma list of them.
     * Subscriptions are kept and renewed after every reconnect; exact channels resume from their last position when
     * the builder's {@link Builder#resume(boolean) resume} is on.
     *
     * @return completes when the server confirmed every channel, or exceptionally with a {@link JsonRpcException}
     *     when it refused one (the refused channel is then forgotten)
     */
    public CompletableFuture<ClientEvent.Subscribed> subscribe(String channel) {
        return subscribe(channel, true);
    }

    /**
     * Subscribes like {@link #subscribe(String)}; {@code resume = false} makes an exact channel live only (after a
     * reconnect it is subscribed again without replay), for channels where only the latest value matters.
     */
    public CompletableFuture<ClientEvent.Subscribed> subscribe(String channel, boolean resume) {
        List<String> names = split(channel);
        List<CompletableFuture<ClientEvent.Subscribed>> all = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new SwitchboardException("the client is closed"));
            }
            for (String name : names) {
                CompletableFuture<ClientEvent.Subscribed> done = new CompletableFuture<>();
                subscribing.computeIfAbsent(name, k -> new ArrayList<>()).add(done);
                all.add(done);
                if (!channels.containsKey(name)) {
                    // A position kept from an earlier run resumes there, as after a reconnect.
                    channels.put(name, isMask(name) ? null : settings.resumeFrom.get(name));
                }
                if (!resume) {
                    liveOnly.add(name);
                }
                if (open) {
                    link.sendNow(subscriptionFrame(name));
                }
            }
        } finally {
            lock.unlock();
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(v -> all.get(0).join());
    }

    /**
     * Ends a subscription (a channel, a mask or a comma list); it is not renewed after a reconnect.
     *
     * @return completes when the server confirmed it, or at once while no connection is open (the server forgot
     *     the subscription with the connection)
     */
    public CompletableFuture<Void> unsubscribe(String channel) {
        List<String> names = split(channel);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        lock.lock();
        try {
            for (String name : names) {
                channels.remove(name);
                liveOnly.remove(name);
                if (open) {
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    unsubscribing.computeIfAbsent(name, k -> new ArrayList<>()).add(done);
                    all.add(done);
                    link.sendNow(Wire.request(
                            Wire.UNSUBSCRIBE, Wire.params().add("channel", name).build(), null, ids.next("u")));
                }
            }
        } finally {
            lock.unlock();
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    // ---- publishing -------------------------------------------------------------------------------------------

    /** Publishes a text with the builder's default QoS and no queue level; see {@link #publish(String, String, Qos, QueueLevel)}. */
    public CompletableFuture<Void> publish(String channel, String message) {
        return publish(channel, message, settings.qos, QueueLevel.NONE);
    }

    /** Publishes a text with a QoS and no queue level; see {@link #publish(String, String, Qos, QueueLevel)}. */
    public CompletableFuture<Void> publish(String channel, String message, Qos qos) {
        return publish(channel, message, qos, QueueLevel.NONE);
    }

    /**
     * Publishes a text to a channel (or a mask, or a comma list).
     *
     * <ul>
     *   <li>{@link Qos#AT_MOST_ONCE}: completes once the link took the frame (sent, or queued while offline).
     *   <li>{@link Qos#AT_LEAST_ONCE}: completes at the server's acknowledgment; re-sent every
     *       {@link Builder#qosRetry(Duration)} until then and on every new connection.
     *   <li>{@link Qos#EXACTLY_ONCE}: completes when the server acknowledged the release; the publication is
     *       re-sent (same id) until the server's {@code sgc@pubrec} and the release until the acknowledgment, so
     *       within one connection it is processed once. Every connection names the client's QoS session
     *       ({@code sgc@qos-session}) before its QoS 2 flows, so across reconnects to the same server (within its
     *       {@code switchboard.sgc.qos.session-ttl}) it is processed once too; see the guide for the limits.
     * </ul>
     * At QoS 1 and 2 at most {@link Builder#maxInFlight(int)} publications wait for the server; beyond that the
     * returned future fails at once with a {@link SwitchboardException}. At most {@link Builder#qos2Window(int)} QoS 2
     * publications are sent at a time; the others wait in the client, in order. A refusal that comes instead of the
     * acknowledgment fails the future with a {@link JsonRpcException} (a QoS 2 message that can never fit the
     * connection's budget), except a publication the broker cannot take yet (-32000), which is kept and sent again;
     * a refusal after the acknowledgment (a publish handler's) is reported as a {@link ClientEvent.Failure}.
     *
     * @param queue what the server keeps for later subscribers
     */
    public CompletableFuture<Void> publish(String channel, String message, Qos qos, QueueLevel queue) {
        Objects.requireNonNull(message, "message");
        String text = settings.base64Text ? encodeText(message) : message;
        return send(Wire.PUBLISH, channel, text, qos, queue);
    }

    /** Publishes bytes with the builder's default QoS; see {@link #publish(String, byte[], Qos, QueueLevel)}. */
    public CompletableFuture<Void> publish(String channel, byte[] data) {
        return publish(channel, data, settings.qos, QueueLevel.NONE);
    }

    /**
     * Publishes bytes. They travel as the text {@code sgc@b64:<Base64>}: subscribers using this client get them back
     * from {@link ClientEvent.Publication#data()}, other clients see that text. Because the server decodes one
     * {@code sgc@b64:} layer of what it receives (and refuses bytes that are not UTF-8), the frame carries that text
     * itself Base64-encoded once more.
     */
    public CompletableFuture<Void> publish(String channel, byte[] data, Qos qos, QueueLevel queue) {
        Objects.requireNonNull(data, "data");
        String delivered = ClientEvent.B64_PREFIX + Base64.getEncoder().encodeToString(data);
        return send(Wire.PUBLISH, channel, encodeText(delivered), qos, queue);
    }

    /**
     * Sends a message to every sgc connection of the server ({@code sgc@broadcast} without channel); it arrives as
     * {@link ClientEvent.Message}.
     */
    public CompletableFuture<Void> broadcast(String message) {
        return broadcast(null, message);
    }

    /** Sends a message to the subscribers of a channel ({@code sgc@broadcast}); it arrives as a {@link ClientEvent.Message}. */
    public CompletableFuture<Void> broadcast(String channel, String message) {
        Objects.requireNonNull(message, "message");
        return send(Wire.BROADCAST, channel, settings.base64Text ? encodeText(message) : message, settings.qos, null);
    }

    /** Sends a plain message to the server application ({@code sgc@message}, the server's {@code SgcMessageEvent}). */
    public CompletableFuture<Void> send(String message) {
        Objects.requireNonNull(message, "message");
        return send(Wire.MESSAGE, null, settings.base64Text ? encodeText(message) : message, settings.qos, null);
    }

    private CompletableFuture<Void> send(String method, String channel, String message, Qos qos, QueueLevel queue) {
        Objects.requireNonNull(qos, "qos");
        JsonObjectBuilder params = Wire.params().add("message", message);
        if (channel != null) {
            params.add("channel", channel);
        }
        if (queue != null && queue != QueueLevel.NONE) {
            params.add("queue", queue.wireName());
        }
        if (qos == Qos.AT_MOST_ONCE) {
            return handOver(Wire.request(method, params.build(), null, null));
        }
        String id = ids.next("p");
        Outgoing outgoing = new Outgoing(id, qos, Wire.request(method, params.build(), qos.wireName(), id));
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new SwitchboardException("the client is closed"));
            }
            if (inFlight.size() >= settings.maxInFlight) {
                return CompletableFuture.failedFuture(new SwitchboardException("refused: " + settings.maxInFlight
                        + " QoS 1/2 publications already wait for the server (maxInFlight)"));
            }
            inFlight.put(id, outgoing);
            if (qos == Qos.EXACTLY_ONCE && (!qosSessionReady || hasParked() || qos2InFlight() >= settings.qos2Window)) {
                // Behind those already waiting, so publications reach the server in the order they were made; and
                // none before the connection has taken over the QoS session.
                outgoing.parked = true;
            } else if (open) {
                transmit(outgoing, outgoing.frame);
            }
        } finally {
            lock.unlock();
        }
        return outgoing.done.copy();
    }

    /** Sends, or queues in the link while offline; fails when the link refuses. */
    private CompletableFuture<Void> handOver(String frame) {
        if (closed) {
            return CompletableFuture.failedFuture(new SwitchboardException("the client is closed"));
        }
        if (!link.send(frame)) {
            return CompletableFuture.failedFuture(
                    new SwitchboardException("refused by the link: it is closed or its offline queue is full"));
        }
        return CompletableFuture.completedFuture(null);
    }

    private void transmit(Outgoing outgoing, String frame) {
        outgoing.sent = link.sendNow(frame);
        outgoing.sentAt = System.nanoTime();
    }

    /** Re-sends what waited longer than the retry interval on the open connection. */
    private void retryDue() {
        long now = System.nanoTime();
        long after = settings.qosRetry.toNanos();
        lock.lock();
        try {
            if (!open) {
                return;
            }
            if (qosSessionRequest != null && now - qosSessionSentAt >= after) {
                nameQosSession();
            }
            for (Outgoing outgoing : inFlight.values()) {
                if (!outgoing.parked && (!outgoing.sent || now - outgoing.sentAt >= after)) {
                    transmit(outgoing, outgoing.step == Step.RELEASED ? pubrel(outgoing.id) : outgoing.frame);
                }
            }
            unpark();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "QoS retry failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** QoS 2 publications sent and not yet completed: what the server may hold waiting for a release. */
    private int qos2InFlight() {
        int count = 0;
        for (Outgoing outgoing : inFlight.values()) {
            if (outgoing.qos == Qos.EXACTLY_ONCE && !outgoing.parked) {
                count++;
            }
        }
        return count;
    }

    private boolean hasParked() {
        for (Outgoing outgoing : inFlight.values()) {
            if (outgoing.parked) {
                return true;
            }
        }
        return false;
    }

    /** Sends the oldest parked QoS 2 publications while the window has room. Called with the lock held. */
    private void unpark() {
        if (!open || !qosSessionReady) {
            return;
        }
        int room = settings.qos2Window - qos2InFlight();
        for (Outgoing outgoing : inFlight.values()) {
            if (room <= 0) {
                return;
            }
            if (outgoing.parked) {
                outgoing.parked = false;
                outgoing.step = Step.SENT;
                transmit(outgoing, outgoing.frame);
                room--;
            }
        }
    }

    /**
     * Names the client's QoS session on the open connection ({@code sgc@qos-session}), so that the server takes over
     * the QoS 2 state of the client's previous connection: a flow cut after its release is then not processed
     * again. Called with the lock held.
     */
    private void nameQosSession() {
        qosSessionRequest = ids.next("k");
        qosSessionSentAt = System.nanoTime();
        link.sendNow(Wire.request(
                Wire.QOS_SESSION, Wire.params().add("key", qosSessionKey).build(), null, qosSessionRequest));
    }

    /** The server answered the naming: QoS 2 flows may go (again). */
    private void onQosSessionNamed() {
        qosSessionRequest = null;
        qosSessionReady = true;
        qosSessionRetries = 0;
        unpark();
    }

    /**
     * The server refused the naming. While its old connection still holds the session (-32009), the name is sent
     * again after a wait that doubles up to {@code qosRetry}; a server without QoS sessions (-32601) gets QoS 2 as
     * sgc has it, exactly once within one connection. Called with the lock held.
     */
    private void onQosSessionRefused(JsonRpcException failure) {
        qosSessionRequest = null;
        if (failure.code() != QOS_SESSION_IN_USE) {
            if (failure.code() != METHOD_NOT_FOUND) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "The server refused the QoS session (" + failure.getMessage()
                                + "): QoS 2 is exactly once within each connection only");
            }
            onQosSessionNamed();
            return;
        }
        if (closed) {
            return;
        }
        long delay = Math.min(
                settings.qosRetry.toMillis(), QOS_SESSION_FIRST_RETRY_MILLIS << Math.min(qosSessionRetries, 16));
        qosSessionRetries++;
        int owner = generation;
        // The timer is shut down only after closed is set, under this lock: it still takes the task.
        scheduler.schedule(
                () -> {
                    lock.lock();
                    try {
                        if (open && generation == owner && !qosSessionReady && qosSessionRequest == null) {
                            nameQosSession();
                        }
                    } finally {
                        lock.unlock();
                    }
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    private static String newQosSessionKey() {
        byte[] bits = new byte[16];
        new java.security.SecureRandom().nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    private static String pubrel(String id) {
        return Wire.request(
                Wire.PUBREL,
                Wire.params().add("qos", Qos.EXACTLY_ONCE.wireName()).build(),
                Qos.EXACTLY_ONCE.wireName(),
                id);
    }

    // ---- transactions -----------------------------------------------------------------------------------------

    /**
     * Opens a transaction on a channel ({@code sgc@transaction}): publications made through it are held by the
     * server until {@link Transaction#commit()} and dropped by {@link Transaction#rollback()}. A transaction belongs
     * to one connection: if that connection is lost, the server discards it and its commit fails.
     *
     * @param channel the channel ({@code ""} for channel-less broadcasts and messages)
     */
    public Transaction transaction(String channel) {
        Objects.requireNonNull(channel, "channel");
        int owner;
        lock.lock();
        try {
            owner = open ? generation : generation + 1;
        } finally {
            lock.unlock();
        }
        CompletableFuture<Void> begun = control(Wire.TRANSACTION, channel);
        return new Transaction(this, channel, owner, begun);
    }

    CompletableFuture<Void> control(String method, String channel) {
        String id = ids.next("t");
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new SwitchboardException("the client is closed"));
            }
            controls.put(id, new Control(done, open ? generation : generation + 1));
            if (!link.send(
                    Wire.request(method, Wire.params().add("channel", channel).build(), null, id))) {
                controls.remove(id);
                return CompletableFuture.failedFuture(
                        new SwitchboardException("refused by the link: it is closed or its offline queue is full"));
            }
        } finally {
            lock.unlock();
        }
        return done;
    }

    /** Whether the connection a transaction was opened on is still the current one. */
    boolean sameConnection(int owner) {
        lock.lock();
        try {
            return open ? generation == owner : generation + 1 == owner;
        } finally {
            lock.unlock();
        }
    }

    CompletableFuture<Void> publishInTransaction(String channel, String message, QueueLevel queue) {
        JsonObjectBuilder params = Wire.params().add("message", settings.base64Text ? encodeText(message) : message);
        params.add("channel", channel);
        if (queue != QueueLevel.NONE) {
            params.add("queue", queue.wireName());
        }
        return handOver(Wire.request(Wire.PUBLISH, params.build(), null, null));
    }

    // ---- RPC --------------------------------------------------------------------------------------------------

    /**
     * Calls a server method ({@code @RpcMethod}) and maps its result with JSON-B.
     *
     * @param method the method's name (not starting with {@code sgc@})
     * @param params mapped to JSON with JSON-B (a {@link JsonValue} is sent as it is); {@code null} for none
     * @param type the result's type
     * @return completes with the result; exceptionally with a {@link JsonRpcException} for the server's error
     *     answer, or a {@link SwitchboardException} on timeout ({@link Builder#rpcTimeout(Duration)}), a lost
     *     connection (a call is never repeated, as it may have run), or when {@link Builder#maxPendingCalls(int)}
     *     calls already wait
     */
    public <T> CompletableFuture<T> rpc(String method, Object params, Class<T> type) {
        return rpc(method, params, (Type) type, settings.rpcTimeout);
    }

    /** Calls a server method and maps its result to a generic type, such as {@code List<Sum>}. */
    public <T> CompletableFuture<T> rpc(String method, Object params, Type type) {
        return rpc(method, params, type, settings.rpcTimeout);
    }

    /** Calls a server method with its own timeout. */
    public <T> CompletableFuture<T> rpc(String method, Object params, Type type, Duration timeout) {
        Objects.requireNonNull(type, "type");
        return call(method, params, timeout).thenApply(value -> fromJson(value, type));
    }

    /** Calls a server method; the result is its JSON. */
    public CompletableFuture<JsonValue> rpc(String method, Object params) {
        return call(method, params, settings.rpcTimeout);
    }

    /** Calls a server method without expecting an answer (a JSON-RPC notification). */
    public CompletableFuture<Void> notify(String method, Object params) {
        checkMethod(method);
        return handOver(Wire.request(method, toJson(params), null, null));
    }

    /**
     * Replaces the connection's credential without reconnecting ({@code sgc@refresh}), with a bearer token (a JWT).
     *
     * @return completes with the server's answer, or with a {@link JsonRpcException} -32001 when it is refused
     */
    public CompletableFuture<ClientEvent.Refreshed> refresh(String token) {
        return refreshWith("token", token);
    }

    /** Replaces the connection's credential with a connect ticket from a new login. */
    public CompletableFuture<ClientEvent.Refreshed> refreshWithTicket(String ticket) {
        return refreshWith("ticket", ticket);
    }

    private CompletableFuture<ClientEvent.Refreshed> refreshWith(String kind, String credential) {
        Objects.requireNonNull(credential, kind);
        return send(Wire.REFRESH, Wire.params().add(kind, credential).build(), settings.rpcTimeout)
                .thenApply(value -> {
                    JsonObject result = value.asJsonObject();
                    ClientEvent.Refreshed refreshed = new ClientEvent.Refreshed(
                            Wire.textOrEmpty(result, "user"), instant(Wire.text(result, "expiresAt")));
                    dispatcher.publish(refreshed);
                    return refreshed;
                });
    }

    private void checkMethod(String method) {
        Objects.requireNonNull(method, "method");
        if (method.isEmpty() || method.startsWith("sgc@")) {
            throw new IllegalArgumentException("an RPC method is named and does not start with sgc@: " + method);
        }
    }

    private CompletableFuture<JsonValue> call(String method, Object params, Duration timeout) {
        checkMethod(method);
        return send(method, toJson(params), timeout);
    }

    private CompletableFuture<JsonValue> send(String method, JsonValue params, Duration timeout) {
        String id = ids.next("r");
        CompletableFuture<JsonValue> result = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new SwitchboardException("the client is closed"));
            }
            if (calls.size() >= settings.maxPendingCalls) {
                return CompletableFuture.failedFuture(new SwitchboardException("refused: " + settings.maxPendingCalls
                        + " calls already wait for an answer (maxPendingCalls)"));
            }
            ScheduledFuture<?> timer = scheduler.schedule(
                    () -> failCall(
                            id,
                            new SwitchboardException(
                                    method + " timed out: no answer within " + timeout.toMillis() + " ms")),
                    timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            calls.put(id, new Call(result, open ? generation : generation + 1, timer));
            if (!link.send(Wire.request(method, params, null, id))) {
                calls.remove(id);
                timer.cancel(false);
                return CompletableFuture.failedFuture(
                        new SwitchboardException("refused by the link: it is closed or its offline queue is full"));
            }
        } finally {
            lock.unlock();
        }
        return result;
    }

    private void failCall(String id, SwitchboardException why) {
        Call call;
        lock.lock();
        try {
            call = calls.remove(id);
        } finally {
            lock.unlock();
        }
        if (call != null) {
            call.timeout().cancel(false);
            call.result().completeExceptionally(why);
        }
    }

    private JsonValue toJson(Object params) {
        if (params == null) {
            return null;
        }
        if (params instanceof JsonValue value) {
            return value;
        }
        return Wire.parseValue(jsonb.toJson(params));
    }

    @SuppressWarnings("unchecked")
    private <T> T fromJson(JsonValue value, Type type) {
        if (type == JsonValue.class) {
            return (T) value;
        }
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return jsonb.fromJson(value.toString(), type);
    }

    // ---- inbound ----------------------------------------------------------------------------------------------

    /** The link's side: one call at a time, in order, on the link's thread. */
    private final class Inbound implements LinkListener {

        @Override
        public void opened(LinkSession linkSession) {
            boolean announce;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                generation++;
                open = true;
                openedAnnounced = false;
                SwitchboardClient.this.linkSession = linkSession;
                session = linkSession.connectionId();
                // The QoS session first, so the server has taken over the last connection's QoS 2 state before any
                // flow is repeated; then subscriptions, then the publications still waiting for the server: the
                // link sends its offline queue after this returns.
                qosSessionReady = false;
                qosSessionRetries = 0;
                nameQosSession();
                for (String channel : channels.keySet()) {
                    if (everOpened
                            && !liveOnly.contains(channel)
                            && !isMask(channel)
                            && settings.resume
                            && channels.get(channel) == null) {
                        // The server has no history to tell where this channel was: what was published while the
                        // client was away is unknown, and the application is told once the channel is back.
                        awaitingResumeGap.add(channel);
                    }
                    link.sendNow(subscriptionFrame(channel));
                }
                for (Outgoing outgoing : inFlight.values()) {
                    // Every flow starts again from the publication: the server the client reached may not have the
                    // QoS session (another node, or it expired), and a release alone would then be lost. With the
                    // session the server knows a repeat of a released id and does not process it again.
                    outgoing.step = Step.SENT;
                    if (outgoing.qos == Qos.EXACTLY_ONCE) {
                        // Sent, in order, once the server has answered the QoS session's name.
                        outgoing.parked = true;
                        outgoing.sent = false;
                        continue;
                    }
                    transmit(outgoing, outgoing.frame);
                }
                announce = session != null;
            } finally {
                lock.unlock();
            }
            if (announce) {
                announceOpen();
            }
        }

        @Override
        public void text(String text) {
            try {
                receive(text);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "An inbound frame could not be handled: " + abbreviate(text), e);
                dispatcher.publish(new ClientEvent.Failure(
                        new SwitchboardException("an inbound frame could not be handled: " + e.getMessage(), e)));
            }
        }

        @Override
        public void closed(LinkClosed linkClosed) {
            List<CompletableFuture<?>> lost = new ArrayList<>();
            boolean reconnecting = linkClosed.retrying();
            lock.lock();
            try {
                boolean wasOpen = open;
                open = false;
                session = null;
                qosSessionReady = false;
                qosSessionRequest = null;
                // Answers to this connection's requests will not come; the next connection asks again.
                subscriptionIds.clear();
                if (wasOpen) {
                    int current = generation;
                    collect(calls, call -> call.generation() <= current, call -> {
                        call.timeout().cancel(false);
                        lost.add(call.result());
                    });
                    collect(controls, control -> control.generation() <= current, control -> lost.add(control.done()));
                }
                if (!reconnecting) {
                    closed = true;
                }
            } finally {
                lock.unlock();
            }
            SwitchboardException why = new ConnectionLostException(
                    "connection lost (" + linkClosed.code() + " " + linkClosed.reason()
                            + "): the server may or may not have processed the request",
                    linkClosed.code(),
                    !reconnecting);
            for (CompletableFuture<?> future : lost) {
                future.completeExceptionally(why);
            }
            if ((linkClosed.wasOpen() || !reconnecting) && (reconnecting || finalClose.compareAndSet(false, true))) {
                dispatcher.publish(new ClientEvent.Closed(linkClosed.code(), linkClosed.reason(), reconnecting));
            }
            if (!reconnecting) {
                SwitchboardException gaveUp = new ConnectionLostException(
                        "the connection closed for good (" + linkClosed.code() + " " + linkClosed.reason() + ")",
                        linkClosed.code(),
                        true);
                failEverything(gaveUp);
                firstOpen.completeExceptionally(gaveUp);
            }
        }

        @Override
        public void dropped(String text, String reason) {
            Wire.parse(text)
                    .map(Wire::id)
                    .map(Wire::idKey)
                    .ifPresent(id -> failCall(
                            id, new SwitchboardException("the call was dropped before it was sent: " + reason)));
            dispatcher.publish(new ClientEvent.Failure(
                    new SwitchboardException("a frame was dropped before it was sent: " + reason)));
        }

        @Override
        public void error(Throwable error) {
            dispatcher.publish(new ClientEvent.Failure(
                    error instanceof SwitchboardException e
                            ? e
                            : new SwitchboardException(String.valueOf(error.getMessage()), error)));
        }
    }

    private void announceOpen() {
        ClientEvent.Opened opened;
        lock.lock();
        try {
            if (openedAnnounced || !open || session == null) {
                return;
            }
            openedAnnounced = true;
            opened = new ClientEvent.Opened(
                    session, linkSession.transport(), String.valueOf(linkSession.url()), everOpened);
            everOpened = true;
        } finally {
            lock.unlock();
        }
        dispatcher.publish(opened);
        firstOpen.complete(opened);
    }

    private void receive(String text) {
        JsonObject frame = Wire.parse(text).orElse(null);
        if (frame == null) {
            // The server answers sgc@protocol with raw text; anything else unreadable is passed on as it is.
            dispatcher.publish(new ClientEvent.Message("", text));
            return;
        }
        JsonValue id = Wire.id(frame);
        String key = id == null ? null : Wire.idKey(id);
        if (frame.get("error") instanceof JsonObject error) {
            if (!answerServerQos(frame, id, key)) {
                return;
            }
            onError(key, error);
            return;
        }
        String requestMethod = Wire.text(frame, "method");
        if (requestMethod != null) {
            if (Wire.DRAIN.equals(requestMethod)) {
                onDrain(frame.get("params") instanceof JsonObject params ? params : JsonValue.EMPTY_JSON_OBJECT);
            } else if (Wire.PUBREL.equals(requestMethod) && id != null) {
                // The server releases a QoS 2 message of its own: acknowledge, and the id may be used again.
                lock.lock();
                try {
                    receivedQos2.remove(key);
                    link.sendNow(Wire.control(Wire.ACK, id));
                } finally {
                    lock.unlock();
                }
            }
            return;
        }
        if (!frame.containsKey("result")) {
            return;
        }
        JsonValue result = frame.get("result");
        String method = result instanceof JsonObject object ? Wire.text(object, "method") : null;
        if (Wire.ACK.equals(method)) {
            onAck(key);
            return;
        }
        if (Wire.PUBREC.equals(method)) {
            onPubrec(id, key);
            return;
        }
        if (!answerServerQos(frame, id, key)) {
            return;
        }
        if (key != null && Wire.QOS_SESSION.equals(method)) {
            lock.lock();
            try {
                if (key.equals(qosSessionRequest)) {
                    onQosSessionNamed();
                }
            } finally {
                lock.unlock();
            }
            return;
        }
        if (key != null) {
            Call call;
            lock.lock();
            try {
                call = calls.remove(key);
            } finally {
                lock.unlock();
            }
            if (call != null) {
                call.timeout().cancel(false);
                call.result().complete(result);
                return;
            }
        }
        if (!(result instanceof JsonObject object) || method == null) {
            return;
        }
        switch (method) {
            case Wire.SESSION -> {
                lock.lock();
                try {
                    session = Wire.text(object, "message");
                } finally {
                    lock.unlock();
                }
                announceOpen();
            }
            case Wire.EVENT -> onEvent(object);
            case Wire.MESSAGE ->
                dispatcher.publish(new ClientEvent.Message(
                        Wire.textOrEmpty(object, "channel"), Wire.textOrEmpty(object, "message")));
            case Wire.SUBSCRIBE -> {
                forgetSubscriptionId(key);
                subscribed(Wire.textOrEmpty(object, "channel"), "", -1);
            }
            case Wire.RESUME -> {
                forgetSubscriptionId(key);
                subscribed(
                        Wire.textOrEmpty(object, "channel"),
                        Wire.textOrEmpty(object, "epoch"),
                        Wire.number(object, "offset", -1));
            }
            case Wire.UNSUBSCRIBE -> {
                String channel = Wire.textOrEmpty(object, "channel");
                List<CompletableFuture<Void>> waiting;
                lock.lock();
                try {
                    waiting = unsubscribing.remove(channel);
                } finally {
                    lock.unlock();
                }
                if (waiting != null) {
                    waiting.forEach(f -> f.complete(null));
                }
                dispatcher.publish(new ClientEvent.Unsubscribed(channel));
            }
            case Wire.GAP ->
                dispatcher.publish(new ClientEvent.Gap(
                        Wire.textOrEmpty(object, "channel"),
                        Wire.textOrEmpty(object, "reason"),
                        Wire.textOrEmpty(object, "epoch"),
                        Wire.number(object, "from", -1),
                        Wire.number(object, "to", -1),
                        Wire.textOrEmpty(object, "previousEpoch")));
            case Wire.EXPIRING -> onExpiring(object);
            default -> {
                // A result nobody waits for: a late answer of a call that timed out, or an unknown extension.
            }
        }
    }

    /**
     * At server QoS 1 and 2 the server re-sends what carries an id until it is acknowledged: QoS 1 is acknowledged;
     * QoS 2 is answered with {@code sgc@pubrec} and delivered only the first time its id is seen.
     *
     * @return whether the frame is to be handled (false for a QoS 2 repeat)
     */
    private boolean answerServerQos(JsonObject frame, JsonValue id, String key) {
        String qos = Wire.text(frame, "qos");
        if (id == null || qos == null || Qos.AT_MOST_ONCE.wireName().equals(qos)) {
            return true;
        }
        lock.lock();
        try {
            if (Qos.EXACTLY_ONCE.wireName().equals(qos)) {
                link.sendNow(Wire.control(Wire.PUBREC, id));
                if (receivedQos2.containsKey(key)) {
                    return false;
                }
                receivedQos2.put(key, Boolean.TRUE);
                if (receivedQos2.size() > RECEIVED_QOS2_IDS) {
                    Iterator<String> oldest = receivedQos2.keySet().iterator();
                    oldest.next();
                    oldest.remove();
                }
                return true;
            }
            link.sendNow(Wire.control(Wire.ACK, id));
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void onAck(String key) {
        if (key == null) {
            return;
        }
        Outgoing done = null;
        Control control;
        lock.lock();
        try {
            Outgoing outgoing = inFlight.get(key);
            if (outgoing != null
                    && !outgoing.parked
                    && (outgoing.qos == Qos.AT_LEAST_ONCE || outgoing.step == Step.RELEASED)) {
                inFlight.remove(key);
                done = outgoing;
                unpark();
            }
            control = controls.remove(key);
        } finally {
            lock.unlock();
        }
        if (done != null) {
            done.done.complete(null);
        }
        if (control != null) {
            control.done().complete(null);
        }
    }

    private void onPubrec(JsonValue id, String key) {
        if (id == null) {
            return;
        }
        lock.lock();
        try {
            Outgoing outgoing = inFlight.get(key);
            if (outgoing != null && outgoing.qos == Qos.EXACTLY_ONCE && !outgoing.parked) {
                outgoing.step = Step.RELEASED;
                transmit(outgoing, pubrel(key));
            } else {
                // A repeat of a flow that has ended: releasing again costs nothing, and the server forgets it.
                link.sendNow(pubrel(key));
            }
        } finally {
            lock.unlock();
        }
    }

    private void onError(String key, JsonObject error) {
        JsonRpcException failure = new JsonRpcException(
                (int) Wire.number(error, "code", 0), Wire.textOrEmpty(error, "message"), Wire.text(error, "data"));
        Call call = null;
        Control control = null;
        Outgoing outgoing = null;
        List<CompletableFuture<ClientEvent.Subscribed>> refused = null;
        lock.lock();
        try {
            if (key != null && key.equals(qosSessionRequest)) {
                onQosSessionRefused(failure);
                return;
            }
            if (key != null) {
                call = calls.remove(key);
                control = controls.remove(key);
                Outgoing waiting = inFlight.get(key);
                if (waiting != null
                        && waiting.qos == Qos.EXACTLY_ONCE
                        && failure.code() == BUDGET_EXCEEDED
                        && waiting.step == Step.SENT
                        && qos2InFlight() > 1) {
                    // The server holds as many of our QoS 2 messages as the connection's budget allows: this one
                    // waits for the next release, unless it could never fit (nothing else of ours is held).
                    waiting.parked = true;
                    waiting.sent = false;
                    waiting = null;
                }
                // -32000 for a publication the broker could not take yet: it is still ours, and sent again later.
                if (waiting != null && failure.code() != PUBLICATION_REFUSED) {
                    inFlight.remove(key);
                    outgoing = waiting;
                    unpark();
                } else if (waiting == null && inFlight.containsKey(key)) {
                    // Parked: not a failure of the application's request.
                    return;
                }
            }
            String channel = key == null ? null : subscriptionIds.remove(key);
            if (channel != null) {
                // A refused subscription is forgotten, so it is not asked for again on every reconnect.
                refused = subscribing.remove(channel);
                channels.remove(channel);
                liveOnly.remove(channel);
            }
        } finally {
            lock.unlock();
        }
        boolean awaited = false;
        if (call != null) {
            call.timeout().cancel(false);
            call.result().completeExceptionally(failure);
            awaited = true;
        }
        if (control != null) {
            control.done().completeExceptionally(failure);
            awaited = true;
        }
        if (outgoing != null) {
            outgoing.done.completeExceptionally(failure);
            awaited = true;
        }
        if (refused != null && !refused.isEmpty()) {
            refused.forEach(f -> f.completeExceptionally(failure));
            awaited = true;
        }
        if (!awaited) {
            dispatcher.publish(new ClientEvent.Failure(failure));
        }
    }

    private void forgetSubscriptionId(String key) {
        if (key == null) {
            return;
        }
        lock.lock();
        try {
            subscriptionIds.remove(key);
        } finally {
            lock.unlock();
        }
    }

    private void subscribed(String channel, String epoch, long offset) {
        List<CompletableFuture<ClientEvent.Subscribed>> waiting;
        boolean gap;
        lock.lock();
        try {
            if (!epoch.isEmpty() && channels.containsKey(channel)) {
                Position known = channels.get(channel);
                if (known == null || !known.epoch().equals(epoch) || known.offset() < offset) {
                    channels.put(channel, new Position(epoch, offset));
                }
            }
            gap = awaitingResumeGap.remove(channel) && epoch.isEmpty();
            waiting = subscribing.remove(channel);
        } finally {
            lock.unlock();
        }
        if (gap) {
            dispatcher.publish(new ClientEvent.Gap(channel, "unavailable", "", -1, -1, ""));
        }
        ClientEvent.Subscribed event = new ClientEvent.Subscribed(channel, epoch, offset);
        dispatcher.publish(event);
        if (waiting != null) {
            waiting.forEach(f -> f.complete(event));
        }
    }

    private void onEvent(JsonObject result) {
        String channel = Wire.textOrEmpty(result, "channel");
        String message = Wire.textOrEmpty(result, "message");
        long offset = Wire.number(result, "offset", -1);
        String epoch = Wire.textOrEmpty(result, "epoch");
        if (offset >= 0 && !epoch.isEmpty()) {
            lock.lock();
            try {
                if (channels.containsKey(channel)) {
                    Position known = channels.get(channel);
                    if (known != null && known.epoch().equals(epoch) && offset <= known.offset()) {
                        return; // Delivered already: a resume's replay that overlaps what arrived live.
                    }
                    channels.put(channel, new Position(epoch, offset));
                }
            } finally {
                lock.unlock();
            }
        }
        dispatcher.publish(new ClientEvent.Publication(channel, message, offset, epoch));
    }

    private void onDrain(JsonObject params) {
        long retryAfter = Math.max(0, Wire.number(params, "retryAfter", 0));
        String url;
        lock.lock();
        try {
            url = linkSession == null ? "" : String.valueOf(linkSession.url());
        } finally {
            lock.unlock();
        }
        dispatcher.publish(new ClientEvent.Draining(retryAfter, url));
        if (settings.servers > 1 || retryAfter == 0) {
            link.reconnect(Duration.ZERO);
        } else {
            // One server: come back through the same address after the suggested delay, jittered so that the
            // clients of a draining node do not return at once; a load balancer sends them to a ready node.
            long millis = retryAfter * 1000;
            long delay = millis / 2
                    + java.util.concurrent.ThreadLocalRandom.current().nextLong(millis / 2 + 1);
            scheduler.schedule(() -> link.reconnect(Duration.ZERO), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void onExpiring(JsonObject result) {
        ClientEvent.Expiring expiring =
                new ClientEvent.Expiring(instant(Wire.text(result, "expiresAt")), Wire.number(result, "seconds", -1));
        dispatcher.publish(expiring);
        if (!settings.autoRefresh) {
            return;
        }
        // The credential may come from a login or a token endpoint, which may block: not on the link's thread.
        scheduler.execute(() -> {
            try {
                Optional<LinkCredential> fresh = settings.tokenSupplier != null
                        ? Optional.of(new LinkCredential("token", settings.tokenSupplier.get()))
                        : link.freshCredential();
                fresh.ifPresent(credential -> refreshWith(credential.param(), credential.value())
                        .exceptionally(e -> {
                            dispatcher.publish(new ClientEvent.Failure(
                                    new SwitchboardException("the credential refresh failed: " + e.getMessage(), e)));
                            return null;
                        }));
            } catch (RuntimeException e) {
                dispatcher.publish(
                        new ClientEvent.Failure(new SwitchboardException("no fresh credential: " + e.getMessage(), e)));
            }
        });
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** A subscription request for the channel; its id is remembered until the answer, to tell a refusal. */
    private String subscriptionFrame(String channel) {
        String id = ids.next("s");
        subscriptionIds.put(id, channel);
        if (!settings.resume || liveOnly.contains(channel) || isMask(channel)) {
            return Wire.request(
                    Wire.SUBSCRIBE, Wire.params().add("channel", channel).build(), null, id);
        }
        JsonObjectBuilder params = Wire.params().add("channel", channel);
        Position position = channels.get(channel);
        if (position != null) {
            params.add("epoch", position.epoch()).add("offset", position.offset());
        }
        return Wire.request(Wire.RESUME, params.build(), null, id);
    }

    private void failEverything(SwitchboardException why) {
        List<CompletableFuture<?>> all = new ArrayList<>();
        lock.lock();
        try {
            calls.values().forEach(call -> {
                call.timeout().cancel(false);
                all.add(call.result());
            });
            calls.clear();
            controls.values().forEach(control -> all.add(control.done()));
            controls.clear();
            inFlight.values().forEach(outgoing -> all.add(outgoing.done));
            inFlight.clear();
            subscribing.values().forEach(all::addAll);
            subscribing.clear();
            unsubscribing.values().forEach(all::addAll);
            unsubscribing.clear();
        } finally {
            lock.unlock();
        }
        all.forEach(future -> future.completeExceptionally(why));
    }

    private static <V> void collect(
            Map<String, V> map, java.util.function.Predicate<V> which, java.util.function.Consumer<V> action) {
        for (Iterator<V> it = map.values().iterator(); it.hasNext(); ) {
            V value = it.next();
            if (which.test(value)) {
                it.remove();
                action.accept(value);
            }
        }
    }

    private static List<String> split(String channel) {
        Objects.requireNonNull(channel, "channel");
        List<String> names = new ArrayList<>();
        for (String part : channel.split(",", -1)) {
            String name = part.strip();
            if (!name.isEmpty() && !names.contains(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no channel named in \"" + channel + "\"");
        }
        return names;
    }

    private static boolean isMask(String channel) {
        for (int i = 0; i < channel.length(); i++) {
            if (MASK_CHARS.indexOf(channel.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String encodeText(String text) {
        return ClientEvent.B64_PREFIX + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Instant instant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** Hands events to the application's listener, method by kind; a listener that throws is logged. */
    private static final class ListenerSubscriber implements Flow.Subscriber<ClientEvent> {
        private final SwitchboardListener listener;

        ListenerSubscriber(SwitchboardListener listener) {
            this.listener = listener;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ClientEvent event) {
            try {
                switch (event) {
                    case ClientEvent.Opened e -> listener.open(e);
                    case ClientEvent.Publication e -> listener.event(e);
                    case ClientEvent.Message e -> listener.message(e);
                    case ClientEvent.Gap e -> listener.gap(e);
                    case ClientEvent.Subscribed e -> listener.subscribed(e);
                    case ClientEvent.Unsubscribed e -> listener.unsubscribed(e);
                    case ClientEvent.Closed e -> listener.close(e);
                    case ClientEvent.Draining e -> listener.draining(e);
                    case ClientEvent.Expiring e -> listener.expiring(e);
                    case ClientEvent.Refreshed e -> listener.refreshed(e);
                    case ClientEvent.Failure e -> listener.error(e.error());
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A Switchboard listener threw on " + event, e);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            LOG.log(System.Logger.Level.WARNING, "The listener's event delivery ended", throwable);
        }

        @Override
        public void onComplete() {}
    }

    /**
     * Settings of a {@link SwitchboardClient}. Every bound has a default; {@link #build()} checks them.
     */
    public static final class Builder {
        private Function<LinkListener, Link> linkFactory;
        private SwitchboardListener listener;
        private Jsonb jsonb;
        private Supplier<String> tokenSupplier;
        private boolean autoRefresh = true;
        private Map<String, Position> resumeFrom = Map.of();
        private int servers = 2;
        private Qos qos = Qos.AT_MOST_ONCE;
        private boolean resume = true;
        private boolean base64Text;
        private Duration rpcTimeout = Duration.ofSeconds(30);
        private Duration qosRetry = Duration.ofSeconds(10);
        private Duration closeWait = Duration.ofSeconds(5);
        private int maxPendingCalls = 1000;
        private int maxInFlight = 1000;
        private int qos2Window = 16;
        private int bufferSize = 1024;

        private Builder() {}

        /**
         * The servers to connect to, in the order the link tries them, with the link's defaults (WebSocket, then
         * SSE; reconnect with backoff). For other link settings use {@link #linkOptions(LinkOptions)}.
         *
         * @param urls {@code ws://}, {@code wss://}, {@code http://} or {@code https://} URLs of the servers
         */
        public Builder url(String... urls) {
            return linkOptions(
                    LinkOptions.builder(urls).subprotocols(SUBPROTOCOL).build());
        }

        /**
         * The link's options: the servers, TLS, proxy, authentication, reconnect, offline queue. They must offer
         * the subprotocol {@code esegece.com} ({@code LinkOptions.builder(urls).subprotocols("esegece.com")}).
         */
        public Builder linkOptions(LinkOptions options) {
            Objects.requireNonNull(options, "options");
            if (!options.subprotocols().contains(SUBPROTOCOL)) {
                throw new IllegalArgumentException("the link options must offer the subprotocol " + SUBPROTOCOL);
            }
            this.linkFactory = listener -> Links.create(options, listener);
            this.servers = options.urls().size();
            return this;
        }

        /**
         * The link the client runs over, made for the client's own listener: for a link built by hand (a test, a
         * custom transport). {@code url}-based settings come from the link's options instead. On a drain notice the
         * client asks such a link to {@link Link#reconnect(Duration) move on} at once.
         */
        public Builder link(Function<LinkListener, Link> factory) {
            this.linkFactory = Objects.requireNonNull(factory, "factory");
            this.servers = 2;
            return this;
        }

        /**
         * Whether the client refreshes the connection's credential by itself when the server warns that it expires
         * (default on): with the {@link #tokenSupplier(Supplier) token supplier} if set, else with the link's
         * {@link Link#freshCredential()} (a new bearer token, or a new ticket from a login). Credentials that do
         * not expire need nothing.
         */
        public Builder autoRefresh(boolean value) {
            this.autoRefresh = value;
            return this;
        }

        /** The application's listener (optional); see {@link SwitchboardListener} for its thread and buffer. */
        public Builder listener(SwitchboardListener value) {
            this.listener = value;
            return this;
        }

        /** The JSON-B instance for RPC params and results (default: a new one, closed with the client). */
        public Builder jsonb(Jsonb value) {
            this.jsonb = value;
            return this;
        }

        /**
         * Where a fresh bearer token comes from when the server warns that the connection's credential expires
         * ({@code sgc@expiring}), instead of the link's own credential; see {@link #autoRefresh(boolean)}.
         */
        public Builder tokenSupplier(Supplier<String> value) {
            this.tokenSupplier = value;
            return this;
        }

        /** The QoS of publications, broadcasts and messages sent without one (default at most once). */
        public Builder qos(Qos value) {
            this.qos = Objects.requireNonNull(value, "qos");
            return this;
        }

        /** Whether exact channels resume from their last position after a reconnect (default on). */
        public Builder resume(boolean value) {
            this.resume = value;
            return this;
        }

        /**
         * Whether every text sent is Base64-encoded as {@code sgc@b64:} (default off), as the sgc JavaScript
         * client's {@code sgcEncodeBase64} option; the server decodes it, subscribers receive the text.
         */
        public Builder base64Text(boolean value) {
            this.base64Text = value;
            return this;
        }

        /**
         * Positions to resume from when these channels are first subscribed, such as {@link SwitchboardClient#positions()} saved by
         * an earlier run of the application: what was published since is replayed (or a {@link ClientEvent.Gap}
         * says what cannot be). Default none: a first subscription starts at the channel's head.
         */
        public Builder resumeFrom(Map<String, Position> value) {
            this.resumeFrom = Map.copyOf(value);
            return this;
        }

        /** How long a call waits for its answer by default (default 30 s). */
        public Builder rpcTimeout(Duration value) {
            this.rpcTimeout = positive(value, "rpcTimeout");
            return this;
        }

        /** How long a QoS 1 or 2 step waits for the server before it is sent again (default 10 s). */
        public Builder qosRetry(Duration value) {
            this.qosRetry = positive(value, "qosRetry");
            return this;
        }

        /** How long {@link SwitchboardClient#close()} waits for subscribers to take their last events (default 5 s). */
        public Builder closeWait(Duration value) {
            this.closeWait = positive(value, "closeWait");
            return this;
        }

        /** The most calls waiting for an answer (default 1000); more are refused at once. */
        public Builder maxPendingCalls(int value) {
            this.maxPendingCalls = atLeastOne(value, "maxPendingCalls");
            return this;
        }

        /** The most QoS 1/2 publications waiting for the server (default 1000); more are refused at once. */
        public Builder maxInFlight(int value) {
            this.maxInFlight = atLeastOne(value, "maxInFlight");
            return this;
        }

        /**
         * The most QoS 2 publications sent and waiting for their flow to complete (default 16); later ones wait in
         * the client, in order. The server holds each until its release, within a per-connection budget (32 for an
         * anonymous connection by default), so a larger window only meets refusals.
         */
        public Builder qos2Window(int value) {
            this.qos2Window = atLeastOne(value, "qos2Window");
            return this;
        }

        /** The events each subscriber (and the listener) may have waiting (default 1024). */
        public Builder bufferSize(int value) {
            this.bufferSize = atLeastOne(value, "bufferSize");
            return this;
        }

        /** Creates the client, not yet connected: see {@link SwitchboardClient#connect()}. */
        public SwitchboardClient build() {
            if (linkFactory == null) {
                throw new IllegalStateException("a link is needed: set the server URL or a link");
            }
            return new SwitchboardClient(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        private static int atLeastOne(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1");
            }
            return value;
        }
    }
}
