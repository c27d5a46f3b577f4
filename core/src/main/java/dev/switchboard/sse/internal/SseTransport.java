package dev.switchboard.sse.internal;

import dev.switchboard.admission.Admission;
import dev.switchboard.api.RequestPath;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.history.HistorySettings;
import dev.switchboard.history.ResumeCursor;
import dev.switchboard.hub.ChannelMask;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.SubprotocolRegistry;
import dev.switchboard.log.LogSafe;
import dev.switchboard.log.WireLog;
import dev.switchboard.log.WireTap;
import dev.switchboard.ops.DrainStarted;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.spi.UpgradeCheck;
import dev.switchboard.sse.SseServlet;
import dev.switchboard.sse.SseSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Opens SSE connections and delivers the messages clients POST to them. The servlet and the event-stream filter
 * of {@code dev.switchboard.sse} call it; it decides, in this order, like the WebSocket handshake: connection
 * limit (503), origin (403), subprotocol (400 when unsupported and {@code switchboard.websocket.unsupported-subprotocol}
 * is {@code reject}), the application's {@link UpgradeCheck}s, then each channel's {@code SubscribeHandler}s
 * (403). Then it starts the asynchronous response and returns the container thread.
 */
@ApplicationScoped
public class SseTransport {

    private static final System.Logger LOG = System.getLogger(SseTransport.class.getName());

    /** Where a connection opened: the {@code /sse} servlet, or an event-stream GET on a WebSocket path. */
    public enum Mode {
        /** {@code GET /sse/<channel>}, {@code GET /sse?channel=…}: channels from the request, resumed at connect. */
        CHANNELS,
        /** {@code GET <path>} with {@code Accept: text/event-stream}: the sgc JavaScript client's fallback. */
        ROOT
    }

    /** The name of the event that tells SSE clients the node drains. */
    public static final String DRAIN_EVENT = "drain";

    /** The handler of plain connections when the application provides none: it ignores what they send. */
    private static final SubprotocolHandler IGNORE_MESSAGES = new SubprotocolHandler() {};

    private Hub hub;
    private WireTap wireTap;
    private ConnectionRegistry registry;
    private SubprotocolRegistry protocols;
    private ChannelPolicy policy;
    private SwitchboardConfig config;
    private SseSettings settings;
    private int replayLimit;
    private Admission admission;
    private Scheduler scheduler;
    private SseMessagePosts posts;
    private SseReplay replays;
    private Future<?> heartbeats;
    private final ReentrantLock wrappersLock = new ReentrantLock();
    private final Map<SubprotocolHandler, SsePublications> wrappers = new IdentityHashMap<>();

    /** For the container's client proxy. */
    protected SseTransport() {}

    /**
     * Creates the transport.
     *
     * @param hub       the hub
     * @param registry  the open connections
     * @param protocols the subprotocol handlers
     * @param policy    the application's subscribe handlers
     * @param config    the gateway settings
     * @param settings  the SSE settings
     * @param history   the history settings (for the most messages one resume replays)
     * @param admission decides whether a stream may open
     * @param scheduler runs the keep-alive comments and the close grace period
     * @param wireLog   the wire log, which the connections report their frames to
     */
    @Inject
    public SseTransport(
            Hub hub,
            ConnectionRegistry registry,
            SubprotocolRegistry protocols,
            ChannelPolicy policy,
            SwitchboardConfig config,
            SseSettings settings,
            HistorySettings history,
            Admission admission,
            Scheduler scheduler,
            WireLog wireLog) {
        this.hub = hub;
        this.registry = registry;
        this.protocols = protocols;
        this.policy = policy;
        this.config = config;
        this.settings = settings;
        this.replayLimit = history.maxMessages();
        this.admission = admission;
        this.scheduler = scheduler;
        this.wireTap = wireLog.tap();
        this.posts = new SseMessagePosts(registry, admission, settings);
        this.replays = new SseReplay(hub, replayLimit);
    }

    @PostConstruct
    void start() {
        Duration period = settings.heartbeatInterval();
        if (period.isPositive()) {
            heartbeats = scheduler.scheduleWithFixedDelay(this::heartbeat, period, period);
        }
    }

    @PreDestroy
    void stop() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
    }

    /**
     * The settings in force.
     *
     * @return the settings
     */
    public SseSettings settings() {
        return settings;
    }

    private void heartbeat() {
        try {
            for (var connection : registry.snapshot()) {
                if (connection instanceof SseConnection sse) {
                    // Only queues: a congested stream's comment waits behind its frames, nobody blocks.
                    sse.sendHeartbeat();
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "SSE heartbeat round failed", e);
        }
    }

    /**
     * Tells every SSE client of this node that the node drains: an event named {@value #DRAIN_EVENT} with
     * {@code {"retryAfter":<seconds>}}, which browsers' {@code EventSource} deliver only to a listener for that
     * name, so pages that do not know it are unaffected. Only queues; called on the thread that started the drain.
     *
     * @param started the drain
     */
    void onDrain(@Observes DrainStarted started) {
        String event = EventStream.event(
                null, DRAIN_EVENT, "{\"retryAfter\":" + started.retryAfter().toSeconds() + "}");
        for (SseConnection connection : openConnections()) {
            connection.sendEvent(event);
        }
    }

    /**
     * Opens an SSE connection for a GET, or answers with the refusal.
     *
     * @param request      the request
     * @param response     the response
     * @param mode         where it arrived
     * @param pathChannels channel specs from the path (the {@code /sse/<channel>} part), possibly empty
     * @throws IOException when writing a refusal fails
     */
    public void open(HttpServletRequest request, HttpServletResponse response, Mode mode, List<String> pathChannels)
            throws IOException {
        String path = pathOf(request);
        String token = blankToNull(request.getParameter("subprotocol"));
        boolean pathNamesProtocol = false;
        if (token == null && mode == Mode.ROOT) {
            String segment = path.substring(path.lastIndexOf('/') + 1);
            if (protocols.supported().contains(segment)) {
                token = segment;
                pathNamesProtocol = true;
            }
        }
        SubprotocolHandler handler = null;
        Optional<Admission.Refusal> malformed = Optional.empty();
        if (token != null) {
            handler = protocols.handler(token).orElse(null);
            if (handler == null) {
                if (config.rejectUnsupportedSubprotocol()) {
                    malformed = Optional.of(new Admission.Refusal(
                            HttpServletResponse.SC_BAD_REQUEST,
                            "Subprotocol " + token + " is not supported; supported: "
                                    + new TreeSet<>(protocols.supported())));
                }
                token = null;
            }
        }
        if (handler == null) {
            handler = protocols.plain().orElse(IGNORE_MESSAGES);
        }

        Set<String> names = new LinkedHashSet<>();
        String[] params = request.getParameterValues("channel");
        try {
            for (String spec : pathChannels) {
                names.addAll(hub.clientChannels(spec));
            }
            if (params != null) {
                for (String spec : params) {
                    names.addAll(hub.clientChannels(spec));
                }
            }
        } catch (ChannelNames.InvalidChannelException e) {
            if (malformed.isEmpty()) {
                malformed = Optional.of(
                        new Admission.Refusal(HttpServletResponse.SC_BAD_REQUEST, "Bad channel: " + e.getMessage()));
            }
        }
        if (mode == Mode.ROOT && !path.equals("/") && !path.isEmpty() && !pathNamesProtocol) {
            // sgc: the channel of an SSE connection is its request URL (Broadcast(text, "/sse.html")).
            names.add(path);
        }
        Set<String> exact = new LinkedHashSet<>();
        for (String name : names) {
            if (!isMask(name)) {
                exact.add(name);
            }
        }

        HandshakeInfo info = HandshakeInfo.of(request);
        Admission.Verdict verdict = admission.decide(
                request,
                info,
                "SSE request",
                token == null ? List.of() : List.of(token),
                Optional.ofNullable(token),
                malformed);
        if (verdict instanceof Admission.Refusal refusal) {
            if (refusal.originAllowed()) {
                SseMessagePosts.cors(request, response);
            }
            refusal.writeTo(response);
            return;
        }
        dev.switchboard.spi.CheckResult.Permit grant = ((Admission.Permit) verdict).grant();
        List<String> offeredToken = token == null ? List.of() : List.of(token);
        Optional<Admission.Refusal> badPick =
                Admission.badPick(grant, offeredToken, offeredToken::contains, "SSE request");
        if (badPick.isPresent()) {
            badPick.get().writeTo(response);
            return;
        }
        info = Admission.identified(info, grant);
        SseMessagePosts.cors(request, response);
        grant.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));

        String lastEventId = blankToNull(request.getHeader("Last-Event-ID"));
        if (lastEventId == null) {
            lastEventId = blankToNull(request.getParameter("lastEventId"));
        }
        ResumeCursor client = ResumeCursor.parse(lastEventId);
        ResumeCursor initial = ResumeCursor.empty();
        if (mode == Mode.CHANNELS) {
            for (String channel : exact) {
                Optional<Position> position = client.get(channel);
                if (position.isEmpty() && !client.malformed()) {
                    // A new subscriber starts at the head. Taking it now, before subscribing, puts every channel
                    // in the very first id; the replay below then covers what is published in between.
                    position = replays.head(channel);
                }
                if (position.isPresent()) {
                    initial = initial.with(channel, position.get());
                }
            }
        }
        SsePublications publications = wrapper(handler);
        SseConnection connection = new SseConnection(
                token,
                publications,
                info,
                config.outboundMaxMessages(),
                config.outboundMaxBytes(),
                hub,
                mode == Mode.CHANNELS ? exact : null,
                initial,
                scheduler,
                wireTap);
        connection.attributes().putAll(grant.attributes());
        if (lastEventId != null) {
            connection.attributes().put(SseConnection.LAST_EVENT_ID_ATTRIBUTE, lastEventId);
        }
        int budget = hub.budgets().subscriptionsOf(connection);
        if (names.size() > budget) {
            hub.budgetRefused(connection);
            // 429, not 5xx: the client asked for more than it may hold, and may retry with fewer channels.
            refuse(
                    response,
                    429,
                    "Too many channels: a connection " + (connection.principal().isEmpty() ? "without login " : "")
                            + "may hold " + budget + " subscriptions");
            return;
        }
        for (String name : names) {
            SubscribeDecision decision = policy.decideSubscribe(connection, name);
            if (!decision.allowed()) {
                refuse(
                        response,
                        HttpServletResponse.SC_FORBIDDEN,
                        "Subscription to " + name + " refused: " + decision.message());
                return;
            }
        }

        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream;charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        // nginx buffers proxied responses unless told not to; an event stream must not wait in a buffer.
        response.setHeader("X-Accel-Buffering", "no");
        AsyncContext async = request.startAsync(request, response);
        // No container timeout: the heartbeat finds dead peers, and a live stream may stay idle for long.
        async.setTimeout(0);
        try {
            openStream(connection, mode, names, initial, client, publications);
        } finally {
            // Only now does anything reach the client: one that has read its connection id is subscribed to every
            // channel and mask it asked for, so a publication it triggers next cannot pass it by.
            connection.start(async);
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                "Opened {0} on {1}, channels {2}",
                connection,
                LogSafe.of(path),
                LogSafe.of(names));
    }

    /** Registers the connection, queues its opening events and subscribes it, replays included. */
    private void openStream(
            SseConnection connection,
            Mode mode,
            Set<String> names,
            ResumeCursor initial,
            ResumeCursor client,
            SsePublications publications) {
        hub.register(connection);
        connection.sendEvent(EventStream.retry(settings.retry().toMillis()));
        // Before the id, so a client has the key by the time it learns the id and starts posting; named, so clients
        // that take the first unnamed event as the id (the sgc client) never see it.
        connection
                .postKey()
                .ifPresent(key -> connection.sendEvent(EventStream.event(null, SseServlet.POST_KEY_EVENT, key)));
        connection.sendEvent(EventStream.event(null, mode == Mode.ROOT ? null : "connection", connection.id()));
        if (!connection.open()) {
            return;
        }
        for (String name : names) {
            if (isMask(name)) {
                // Masks do not resume: publications to channels that appear while the client is away are unknown.
                hub.subscribeOne(connection, name);
                continue;
            }
            Optional<Position> since = initial.get(name);
            if (since.isEmpty() && client.malformed()) {
                // A foreign or damaged id: we cannot vouch for anything the client has.
                since = Optional.of(new Position("unknown", 0));
            }
            Optional<Position> from = since;
            hub.subscribeAfterReplay(
                    connection,
                    name,
                    from,
                    replays.limit(),
                    plan -> replays.replay(connection, publications, name, plan));
        }
        connection.sendCursorMark();
    }

    private SsePublications wrapper(SubprotocolHandler handler) {
        wrappersLock.lock();
        try {
            return wrappers.computeIfAbsent(handler, SsePublications::new);
        } finally {
            wrappersLock.unlock();
        }
    }

    private boolean isMask(String name) {
        return config.channelMasks() && ChannelMask.isMask(name);
    }

    /**
     * Delivers a POSTed message to a connection's subprotocol handler: 202 when delivered, 404 for an unknown
     * or closed connection, 403 for another principal's connection, 413 over {@code switchboard.sse.post.max-size},
     * 408 when the body takes longer than {@code switchboard.sse.post.read-timeout} to arrive, 400 for a missing id
     * or text that is not UTF-8, 500 when the handler failed.
     *
     * @param request  the request
     * @param response the response
     * @param id       the connection id from the path
     * @throws IOException when reading or answering fails
     */
    public void post(HttpServletRequest request, HttpServletResponse response, String id) throws IOException {
        posts.post(request, response, id);
    }

    /**
     * Answers a CORS preflight for a message POST: an allowed origin may POST with the post key header; any other
     * gets 403.
     *
     * @param request  the OPTIONS request
     * @param response the response
     * @throws IOException when answering fails
     */
    public void preflight(HttpServletRequest request, HttpServletResponse response) throws IOException {
        posts.preflight(request, response);
    }

    /**
     * The request's canonical path inside the web application ({@link RequestPath}).
     *
     * @param request the request
     * @return the path, starting with {@code /}
     */
    public static String pathOf(HttpServletRequest request) {
        return RequestPath.of(request);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        Admission.refuse(response, status, message);
    }

    /** Lists the open SSE connections, for tests. */
    List<SseConnection> openConnections() {
        List<SseConnection> open = new ArrayList<>();
        for (var connection : registry.snapshot()) {
            if (connection instanceof SseConnection sse) {
                open.add(sse);
            }
        }
        return open;
    }
}
