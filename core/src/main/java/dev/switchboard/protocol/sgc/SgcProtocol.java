package dev.switchboard.protocol.sgc;

import dev.switchboard.api.Audience;
import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Publication;
import dev.switchboard.api.RpcException;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.cdi.Beans;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.history.HistorySettings;
import dev.switchboard.history.ResumeCursor;
import dev.switchboard.hub.ChannelMask;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.Hub;
import dev.switchboard.log.LogSafe;
import dev.switchboard.protocol.sgc.SgcMessage.Kind;
import dev.switchboard.protocol.sgc.SgcMessage.WireId;
import dev.switchboard.rpc.RpcRegistry;
import dev.switchboard.spi.Authenticator;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.ReplayPlan;
import dev.switchboard.spi.RpcGuard;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The sgc default protocol ({@code esegece.com}): JSON-RPC 2.0 envelopes with {@code sgc@} methods for sessions,
 * acknowledgments, channels, queues, transactions, QoS and RPC, wire-compatible with the sgcWebSockets
 * JavaScript and Delphi clients. The package documentation describes the behaviour and the decisions taken
 * where the original is ambiguous; {@code docs/sgc-protocol.md} is the user guide.
 *
 * <p>Called by the transports, serially per connection, as {@link SubprotocolHandler} promises. Shared state
 * (channel queues, per-connection QoS state) is thread-safe; the QoS retry scan runs on one daemon thread of its
 * own and never on an inbound thread.
 */
@ApplicationScoped
@Subprotocol(SgcProtocol.NAME)
public class SgcProtocol implements SubprotocolHandler {

    /** The subprotocol token. */
    public static final String NAME = "esegece.com";

    private static final System.Logger LOG = System.getLogger(SgcProtocol.class.getName());

    /**
     * The connection attribute in which the SSE transport keeps the {@code Last-Event-ID} an event-stream
     * connection was opened with (the same name as the transport's own constant, which lives in an internal
     * package this one must not import).
     */
    static final String LAST_EVENT_ID_ATTRIBUTE = "dev.switchboard.sse.last-event-id";

    private Gateway gateway;
    private Hub hub;
    private int replayLimit = HistorySettings.DEFAULT_MAX_MESSAGES;
    private ChannelPolicy policy;
    private RpcRegistry rpc;
    private SgcSettings settings;
    private boolean masks;
    private Clock clock;
    private Consumer<SgcMessageEvent> messages;
    private RpcAuthorization authorization;
    private ChannelQueues queues;
    private SgcBudgets budgets = SgcBudgets.DEFAULTS;
    private List<RpcGuard> guards = List.of();
    private final ConcurrentHashMap<String, ConnectionState> states = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    /** For the container's client proxy. */
    protected SgcProtocol() {}

    /**
     * Creates the protocol bean; the settings are read from the {@code switchboard.sgc.*} keys.
     *
     * @param hub      the hub
     * @param policy   the application's subscribe and publish handlers
     * @param rpc      the application's RPC methods
     * @param config   the gateway settings (for whether channel masks are on)
     * @param messages where plain {@code sgc@message}s go
     */
    @Inject
    SgcProtocol(
            Hub hub,
            ChannelPolicy policy,
            RpcRegistry rpc,
            SwitchboardConfig config,
            Event<SgcMessageEvent> messages,
            @Any Instance<RpcGuard> guardBeans) {
        this(
                hub,
                policy,
                rpc,
                SgcSettings.read(ConfigReader.standard()),
                config.channelMasks(),
                Clock.systemUTC(),
                messages::fire);
        this.guards = Beans.ordered(guardBeans);
        this.replayLimit = HistorySettings.read(ConfigReader.standard()).maxMessages();
        budgets(SgcBudgets.read(ConfigReader.standard()));
    }

    /** Creates the protocol with explicit collaborators; tests drive it with their own clock. */
    SgcProtocol(
            Gateway gateway,
            ChannelPolicy policy,
            RpcRegistry rpc,
            SgcSettings settings,
            boolean masks,
            Clock clock,
            Consumer<SgcMessageEvent> messages) {
        this.gateway = gateway;
        // Resuming needs the hub's channel lock; a gateway that is not the hub (none in production) cannot resume.
        this.hub = gateway instanceof Hub h ? h : null;
        this.policy = policy;
        this.rpc = rpc;
        this.settings = settings;
        this.masks = masks;
        this.clock = clock;
        this.messages = messages;
        this.authorization = new RpcAuthorization(settings.rpcAuthorization(), settings.rpcAllowedMethods());
        this.queues =
                new ChannelQueues(settings.queueMaxMessages(), budgets.queueMaxChannels(), budgets.queueMaxBytes());
    }

    /** Replaces the budgets (and with them the empty queues); called while constructing, and by tests. */
    void budgets(SgcBudgets value) {
        this.budgets = value;
        this.queues = new ChannelQueues(settings.queueMaxMessages(), value.queueMaxChannels(), value.queueMaxBytes());
    }

    @PostConstruct
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "switchboard-sgc-qos");
            thread.setDaemon(true);
            return thread;
        });
        long period = settings.qosInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::scheduledScan, period, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /**
     * The settings in force.
     *
     * @return the settings
     */
    public SgcSettings settings() {
        return settings;
    }

    // ---- SubprotocolHandler ---------------------------------------------------------------------------

    @Override
    public void onOpen(Connection connection) {
        ConnectionState state = new ConnectionState(connection);
        states.put(connection.id(), state);
        sendSession(state);
    }

    @Override
    public void onText(Connection connection, String text) {
        ConnectionState state = states.computeIfAbsent(connection.id(), id -> new ConnectionState(connection));
        SgcMessage message;
        try {
            message = SgcCodec.parse(text);
        } catch (MalformedMessage e) {
            sendError(state, e.id(), e.code(), e.getMessage(), e.data());
            return;
        }
        receive(state, message);
    }

    @Override
    public void onClose(Connection connection, int code, String reason) {
        // Tracked messages, stored QoS 2 messages and open transactions die with the connection, as in sgc.
        states.remove(connection.id());
        queues.forgetOwner(connection.id());
    }

    @Override
    public String encodePublication(Publication publication) {
        // Encoded once per publication for every sgc subscriber: the position is the publication's, not theirs.
        return publication.hasPosition()
                ? SgcCodec.event(
                        publication.channel(), publication.message(), publication.epoch(), publication.offset())
                : SgcCodec.event(publication.channel(), publication.message());
    }

    // ---- inbound --------------------------------------------------------------------------------------

    private void receive(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        WireId id = message.id();
        String method = message.method() == null ? "" : message.method();
        switch (method) {
            case SgcCodec.ACKNOWLEDGMENT -> {
                if (id != null) {
                    state.acknowledged(id.key());
                }
                return;
            }
            case SgcCodec.PUBREC -> {
                // The client received a tracked server message at QoS 2: release it and track the release.
                if (id != null) {
                    String release = SgcCodec.pubrel(id);
                    if (state.retrack(id, release, clock.instant())) {
                        connection.sendText(release);
                    }
                }
                return;
            }
            case SgcCodec.PUBREL -> {
                if (id != null) {
                    release(state, id);
                }
                return;
            }
            default -> {
                // handled below
            }
        }
        if (message.kind() != Kind.REQUEST) {
            // A result or error pushed by a client means nothing to the server; only the ack rule applies.
            if (id != null) {
                connection.sendText(SgcCodec.acknowledgment(id));
            }
            return;
        }
        if (message.qos() == QosLevel.LEVEL2 && id != null) {
            // Exactly once: keep it until the client releases it; a retry replaces it, a late one is ignored.
            SgcBudgets.Budget budget = budgets.of(connection);
            if (state.store(message, budget) == ConnectionState.Stored.OVER_BUDGET) {
                refuseForBudget(
                        state,
                        id,
                        "a connection may have " + budget.qosMessages() + " QoS 2 messages of at" + " most "
                                + budget.qosBytes() + " bytes together waiting for their release");
                return;
            }
            connection.sendText(SgcCodec.pubrec(id));
            return;
        }
        process(state, message);
    }

    private void release(ConnectionState state, WireId id) {
        SgcMessage stored = state.release(id.key(), clock.instant());
        if (stored == null) {
            // Already processed (a repeated pubrel) or never stored: acknowledge so the client stops retrying.
            state.connection().sendText(SgcCodec.acknowledgment(id));
        } else {
            process(state, stored);
        }
    }

    /** Acknowledges, then queues in an open transaction or dispatches. */
    private void process(ConnectionState state, SgcMessage message) {
        if (message.id() != null) {
            state.connection().sendText(SgcCodec.acknowledgment(message.id()));
        }
        if (isPayload(message.method()) && state.inTransaction(message.channelKey())) {
            SgcBudgets.Budget budget = budgets.of(state.connection());
            switch (state.enqueue(message, settings.transactionMaxMessages(), budget)) {
                case FULL ->
                    sendError(
                            state,
                            message.id(),
                            RpcException.SERVER_ERROR,
                            "Transaction is full",
                            "the transaction on channel '" + message.channelKey() + "' already holds "
                                    + settings.transactionMaxMessages() + " messages");
                case OVER_BUDGET ->
                    refuseForBudget(
                            state,
                            message.id(),
                            "a connection's open transactions may hold " + budget.transactionBytes()
                                    + " bytes together");
                case QUEUED -> {
                    // held until the commit
                }
            }
            return;
        }
        dispatch(state, message);
    }

    private static boolean isPayload(String method) {
        return SgcCodec.PUBLISH.equals(method) || SgcCodec.BROADCAST.equals(method) || SgcCodec.MESSAGE.equals(method);
    }

    private void dispatch(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        switch (message.method()) {
            case SgcCodec.SESSION -> sendSession(state);
            case SgcCodec.SUBSCRIBE -> subscribe(state, message);
            case SgcCodec.RESUME -> resume(state, message);
            case SgcCodec.UNSUBSCRIBE -> unsubscribe(state, message);
            case SgcCodec.UNSUBSCRIBE_ALL -> {
                for (String channel : gateway.unsubscribeAll(connection)) {
                    connection.sendText(SgcCodec.unsubscribed(channel, message.id()));
                }
            }
            case SgcCodec.PUBLISH -> publish(state, message);
            case SgcCodec.BROADCAST -> broadcast(state, message);
            case SgcCodec.MESSAGE -> deliver(connection, message);
            case SgcCodec.PROTOCOL ->
                connection.sendText(connection.subprotocol().orElse(NAME));
            case SgcCodec.TRANSACTION -> {
                SgcBudgets.Budget budget = budgets.of(connection);
                if (!state.begin(message.channelKey(), budget)) {
                    refuseForBudget(
                            state,
                            message.id(),
                            "a connection may have " + budget.transactions() + " transactions open");
                }
            }
            case SgcCodec.COMMIT -> {
                for (SgcMessage queued : state.end(message.channelKey())) {
                    dispatch(state, queued);
                }
            }
            case SgcCodec.ROLLBACK -> state.end(message.channelKey());
            case SgcCodec.REFRESH -> refresh(state, message);
            default -> {
                if (message.method().startsWith(SgcCodec.RESERVED_PREFIX)) {
                    if (message.id() != null) {
                        sendError(
                                state,
                                message.id(),
                                RpcException.METHOD_NOT_FOUND,
                                "Method not found",
                                message.method() + " is not supported");
                    }
                } else {
                    call(state, message);
                }
            }
        }
    }

    private void subscribe(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        List<String> names = channels(state, message);
        if (names == null) {
            return;
        }
        for (String name : names) {
            SubscribeDecision decision = policy.decideSubscribe(connection, name);
            if (!decision.allowed()) {
                sendError(state, message.id(), decision.code(), decision.message(), name);
                continue;
            }
            Optional<String> overBudget = hub == null ? Optional.empty() : hub.subscriptionRefusal(connection, name);
            if (overBudget.isPresent()) {
                refuseForBudget(state, message.id(), overBudget.get());
                continue;
            }
            Optional<Position> lastEventId = isMask(name) ? Optional.empty() : lastEventIdPosition(connection, name);
            if (lastEventId.isPresent()) {
                // An event-stream connection that reconnected with Last-Event-ID resumes where its cursor says.
                resumeChannel(state, name, lastEventId, message.id(), false);
                continue;
            }
            gateway.subscribe(connection, name);
            connection.sendText(SgcCodec.subscribed(name, message.id()));
            if (!queues.isEmpty()) {
                for (ChannelQueues.Kept kept : queues.replay(name, isMask(name))) {
                    connection.sendText(SgcCodec.event(kept.channel(), kept.message()));
                }
            }
        }
    }

    /**
     * {@code sgc@resume}: subscribes one exact channel and replays what was published after the client's position
     * ({@code params.epoch} and {@code params.offset}; else the connection's {@code Last-Event-ID} cursor; else
     * none, a new subscriber), or tells the client with {@code sgc@gap} what it cannot be given.
     */
    private void resume(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        List<String> names = channels(state, message);
        if (names == null) {
            return;
        }
        if (names.size() != 1 || isMask(names.get(0))) {
            sendError(
                    state,
                    message.id(),
                    RpcException.INVALID_PARAMS,
                    "Invalid params",
                    "sgc@resume needs one exact channel, not a list or a mask");
            return;
        }
        String name = names.get(0);
        Optional<Position> since;
        try {
            since = requestedPosition(SgcCodec.fields(message.params()));
        } catch (IllegalArgumentException e) {
            sendError(state, message.id(), RpcException.INVALID_PARAMS, "Invalid params", e.getMessage());
            return;
        }
        if (since.isEmpty()) {
            since = lastEventIdPosition(connection, name);
        }
        SubscribeDecision decision = policy.decideSubscribe(connection, name);
        if (!decision.allowed()) {
            sendError(state, message.id(), decision.code(), decision.message(), name);
            return;
        }
        Optional<String> overBudget = hub == null ? Optional.empty() : hub.subscriptionRefusal(connection, name);
        if (overBudget.isPresent()) {
            refuseForBudget(state, message.id(), overBudget.get());
            return;
        }
        resumeChannel(state, name, since, message.id(), true);
    }

    /** The position named by {@code epoch} and {@code offset}; empty when no epoch is given. */
    private static Optional<Position> requestedPosition(JsonObject fields) {
        JsonValue epoch = fields.get("epoch");
        JsonValue offset = fields.get("offset");
        long value = 0;
        if (offset != null && offset.getValueType() != JsonValue.ValueType.NULL) {
            if (!(offset instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 0) {
                throw new IllegalArgumentException("offset must be a non-negative integer");
            }
            value = number.longValue();
        }
        if (epoch == null || epoch.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(epoch instanceof JsonString text)) {
            throw new IllegalArgumentException("epoch must be a string");
        }
        return text.getString().isEmpty() ? Optional.empty() : Optional.of(new Position(text.getString(), value));
    }

    /** The position on a channel in the Last-Event-ID an event-stream connection was opened with. */
    private static Optional<Position> lastEventIdPosition(Connection connection, String channel) {
        if (!(connection.attributes().get(LAST_EVENT_ID_ATTRIBUTE) instanceof String token)) {
            return Optional.empty();
        }
        return ResumeCursor.parse(token).get(channel);
    }

    /**
     * Subscribes after the replay, under the hub's channel lock, so that the missed publications and the live ones
     * follow each other with nothing lost or doubled. The {@code sgc@resume} reply comes last and carries the
     * position the client is at; a subscribe that resumes (Last-Event-ID) is answered first, as any subscribe.
     */
    private void resumeChannel(
            ConnectionState state, String channel, Optional<Position> since, WireId id, boolean resumeReply) {
        Connection connection = state.connection();
        Consumer<ReplayPlan> replay = plan -> {
            if (!resumeReply) {
                connection.sendText(SgcCodec.subscribed(channel, id));
            }
            plan.gap()
                    .ifPresent(gap -> connection.sendText(SgcCodec.gap(
                            channel,
                            gap.reason(),
                            gap.epoch(),
                            gap.fromOffset(),
                            gap.toOffset(),
                            gap.previousEpoch())));
            for (HistoryStore.Entry entry : plan.entries()) {
                connection.sendText(
                        SgcCodec.event(channel, entry.message(), plan.position().epoch(), entry.offset()));
            }
            if (resumeReply) {
                connection.sendText(SgcCodec.resumed(
                        channel, plan.position().epoch(), plan.position().offset(), id));
            }
        };
        if (hub != null) {
            hub.subscribeAfterReplay(connection, channel, since, replayLimit, replay);
        } else {
            replay.accept(ReplayPlan.unavailable(channel, since));
            gateway.subscribe(connection, channel);
        }
        if (since.isEmpty() && !queues.isEmpty()) {
            // A new subscriber is given the kept messages, as sgc@subscribe would; a resuming one has its history.
            for (ChannelQueues.Kept kept : queues.replay(channel, false)) {
                connection.sendText(SgcCodec.event(kept.channel(), kept.message()));
            }
        }
    }

    private void unsubscribe(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        List<String> names = channels(state, message);
        if (names == null) {
            return;
        }
        for (String name : names) {
            List<String> removed = gateway.unsubscribe(connection, name);
            // Unsubscribing from a channel one is not subscribed to succeeds: the client's state is right either way.
            for (String channel : removed.isEmpty() ? List.of(name) : removed) {
                connection.sendText(SgcCodec.unsubscribed(channel, message.id()));
            }
        }
    }

    private void publish(ConnectionState state, SgcMessage message) {
        List<String> names = channels(state, message);
        if (names == null) {
            return;
        }
        // The canonical, de-duplicated list from here on: handlers, queues and the hub all see the same names.
        String spec = String.join(",", names);
        Connection connection = state.connection();
        String text = message.message() == null ? "" : message.message();
        PublishDecision decision = policy.decidePublish(connection, spec, text);
        if (!decision.allowed()) {
            sendError(state, message.id(), decision.code(), decision.message(), message.channel());
            return;
        }
        String published = decision.rewritten().orElse(text);
        SgcBudgets.Budget budget = budgets.of(connection);
        if (!queues.keep(queueChannels(names, message.queue()), published, message.queue(), connection.id(), budget)) {
            refuseForBudget(
                    state,
                    message.id(),
                    "a connection may create " + budget.queueChannels() + " channel queues and have "
                            + budget.queueBytes() + " bytes kept in them");
            return;
        }
        gateway.publish(spec, published, connection);
    }

    /** Keeps the message at its queue level, then fans it out; a null publisher means the server published. */
    int publish(String channelSpec, String text, QueueLevel level, Connection publisher) {
        queues.keep(queueChannels(split(channelSpec), level), text, level, null, null);
        return publisher == null ? gateway.publish(channelSpec, text) : gateway.publish(channelSpec, text, publisher);
    }

    /** The concrete channels a queue-level publication is kept in: names as they are, masks expanded. */
    private List<String> queueChannels(List<String> names, QueueLevel level) {
        if (level == QueueLevel.LEVEL0) {
            return List.of();
        }
        Set<String> channels = new LinkedHashSet<>();
        for (String name : names) {
            if (isMask(name)) {
                ChannelMask mask = ChannelMask.compile(name);
                for (String channel : gateway.channels()) {
                    if (!ChannelMask.isMask(channel) && mask.matches(channel)) {
                        channels.add(channel);
                    }
                }
            } else {
                channels.add(name);
            }
        }
        return new ArrayList<>(channels);
    }

    private void broadcast(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        String spec = message.channelKey();
        if (!spec.isBlank()) {
            List<String> names = channels(state, message);
            if (names == null) {
                return;
            }
            spec = String.join(",", names);
        }
        String text = message.message() == null ? "" : message.message();
        PublishDecision decision = policy.decidePublish(connection, spec, text);
        if (!decision.allowed()) {
            sendError(state, message.id(), decision.code(), decision.message(), spec);
            return;
        }
        broadcast(
                decision.rewritten().orElse(text),
                spec,
                Audience.EVERYONE.withSubprotocol(connection.subprotocol().orElse(NAME)));
    }

    /** Sends an {@code sgc@message} to an audience, once per channel of the spec (or once without channel). */
    int broadcast(String text, String channelSpec, Audience audience) {
        List<String> channels = split(channelSpec);
        if (channels.isEmpty()) {
            return gateway.broadcast(SgcCodec.message("", text), audience);
        }
        int count = 0;
        for (String channel : channels) {
            count += gateway.broadcast(SgcCodec.message(channel, text), audience.withChannel(channel));
        }
        return count;
    }

    private void deliver(Connection connection, SgcMessage message) {
        try {
            messages.accept(new SgcMessageEvent(connection, message.message() == null ? "" : message.message()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "An observer of SgcMessageEvent failed on " + connection, e);
        }
    }

    /**
     * {@code sgc@refresh}: replaces the connection's credential with {@code params.token} (a JWT) or
     * {@code params.ticket} (a connect ticket) of the same user, without reconnecting. A refused credential is
     * {@link RpcException#UNAUTHORIZED}; the connection keeps its current identity until that expires.
     */
    private void refresh(ConnectionState state, SgcMessage message) {
        JsonObject fields = SgcCodec.fields(message.params());
        String kind;
        JsonValue credential;
        if (fields.containsKey("token")) {
            kind = Authenticator.BEARER;
            credential = fields.get("token");
        } else {
            kind = Authenticator.TICKET;
            credential = fields.get("ticket");
        }
        if (!(credential instanceof JsonString text) || text.getString().isEmpty()) {
            sendError(
                    state,
                    message.id(),
                    RpcException.INVALID_PARAMS,
                    "Invalid params",
                    "sgc@refresh needs params.token or params.ticket");
            return;
        }
        Identity identity;
        try {
            identity = gateway.reauthenticate(state.connection(), kind, text.getString());
        } catch (AuthenticationException e) {
            sendError(state, message.id(), RpcException.UNAUTHORIZED, "Unauthorized", e.getMessage());
            return;
        }
        if (message.id() != null) {
            state.connection().sendText(SgcCodec.refreshed(identity.name(), identity.expiresAt(), message.id()));
        }
    }

    @Override
    public void onIdentityExpiring(Connection connection, Instant expiresAt) {
        long seconds = Math.max(0, Duration.between(clock.instant(), expiresAt).toSeconds());
        connection.sendText(SgcCodec.expiring(expiresAt, seconds));
    }

    private void call(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        WireId id = message.id();
        if (!authorization.allows(message.method(), connection.principal())) {
            // -32601 as sgc does: an unauthorized caller cannot tell a refused method from a missing one.
            if (id != null) {
                sendError(state, id, RpcException.METHOD_NOT_FOUND, "Method not found", null);
            }
            return;
        }
        for (RpcGuard guard : guards) {
            boolean allowed;
            try {
                allowed = guard.mayCall(connection, message.method());
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "RPC guard " + guard.getClass().getName() + " failed",
                        e);
                allowed = false;
            }
            if (!allowed) {
                if (id != null) {
                    sendError(
                            state,
                            id,
                            RpcException.FORBIDDEN,
                            "Forbidden",
                            (connection.principal().isEmpty() ? "log in to call " : "no role to call ")
                                    + message.method());
                }
                return;
            }
        }
        try {
            RpcRegistry.BoundCall call = rpc.bind(message.method(), connection, paramCandidates(message.params()));
            String result = rpc.invoke(call);
            if (id != null) {
                sendServer(state, id, SgcCodec.result(result, settings.qosLevel(), id));
            }
        } catch (RpcException e) {
            if (id != null) {
                sendError(state, id, e.code(), e.getMessage(), e.data());
            } else {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "Notification " + LogSafe.of(message.method()) + " failed: " + LogSafe.of(e.getMessage()));
            }
        }
    }

    /**
     * The readings of an RPC's params, most likely first: a string holding JSON (the 2021 JS sends
     * {@code "params":"{..}"}) is tried as that JSON, then as the string; an absent, null or empty-string params
     * (the 2021 JS {@code notify} sends {@code ""}) means no params.
     */
    static List<JsonValue> paramCandidates(JsonValue params) {
        if (params == null || params.getValueType() == JsonValue.ValueType.NULL) {
            return Collections.singletonList(null);
        }
        if (params instanceof JsonString string) {
            if (string.getString().isEmpty()) {
                return Collections.singletonList(null);
            }
            JsonValue parsed = SgcCodec.read(string.getString());
            return parsed == null ? List.of(string) : List.of(parsed, string);
        }
        return List.of(params);
    }

    // ---- outbound -------------------------------------------------------------------------------------

    private void sendSession(ConnectionState state) {
        String guid = state.connection().id();
        sendServer(state, WireId.of(guid), SgcCodec.session(guid, settings.qosLevel()));
    }

    /** Sends a message the server tracks at its QoS level (session, RPC result, error). */
    private void sendServer(ConnectionState state, WireId id, String text) {
        if (settings.qosLevel() != QosLevel.LEVEL0) {
            state.track(id, text, clock.instant());
        }
        state.connection().sendText(text);
    }

    private void sendError(ConnectionState state, WireId id, int code, String message, String data) {
        String text = SgcCodec.error(code, message, data, settings.qosLevel(), id);
        if (id == null) {
            state.connection().sendText(text);
        } else {
            sendServer(state, id, text);
        }
    }

    /**
     * The canonical, distinct channel names of a client's request, within the channel limits; or null after
     * answering the request with -32602 (no channel, a name or list over a limit).
     */
    private List<String> channels(ConnectionState state, SgcMessage message) {
        List<String> names;
        try {
            names = message.channel() == null ? List.of() : clientChannels(message.channel());
        } catch (ChannelNames.InvalidChannelException e) {
            sendError(state, message.id(), RpcException.INVALID_PARAMS, "Invalid params", e.getMessage());
            return null;
        }
        if (names.isEmpty()) {
            sendError(
                    state,
                    message.id(),
                    RpcException.INVALID_PARAMS,
                    "Invalid params",
                    message.method() + " needs a channel");
            return null;
        }
        return names;
    }

    private List<String> clientChannels(String spec) {
        return hub != null
                ? hub.clientChannels(spec)
                : ChannelNames.parseList(spec, ChannelNames.Limits.DEFAULTS, masks);
    }

    /** Answers a request that would exceed a budget with -32029, and counts the refusal. */
    private void refuseForBudget(ConnectionState state, WireId id, String why) {
        if (hub != null) {
            hub.budgetRefused(state.connection());
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                "Budget refusal for {0}: {1}",
                state.connection().id(),
                why);
        sendError(state, id, RpcException.BUDGET_EXCEEDED, "Budget exceeded", why);
    }

    private boolean isMask(String name) {
        return masks && ChannelMask.isMask(name);
    }

    /**
     * Splits a channel spec the server wrote as the hub does: canonical names, blanks and repeats dropped. Client
     * specs go through {@link #channels} instead, which also enforces the limits.
     */
    static List<String> split(String spec) {
        return spec == null ? List.of() : ChannelNames.split(spec);
    }

    // ---- QoS retry ------------------------------------------------------------------------------------

    private void scheduledScan() {
        try {
            retryScan();
        } catch (RuntimeException e) {
            // A failed scan must not cancel the schedule: the next one retries.
            LOG.log(System.Logger.Level.WARNING, "sgc QoS retry scan failed", e);
        }
    }

    /**
     * Re-sends every tracked server message older than the QoS timeout and forgets old released QoS 2 ids.
     * Runs every QoS interval on the scheduler thread; tests call it directly.
     */
    void retryScan() {
        Instant now = clock.instant();
        for (ConnectionState state : states.values()) {
            // A client retries a QoS 2 message for about one timeout; twice that covers a retry in flight.
            state.forgetReleased(now, settings.qosTimeout().multipliedBy(2));
            if (!state.connection().isOpen()) {
                continue;
            }
            for (String text : state.due(now, settings.qosTimeout())) {
                state.connection().sendText(text);
            }
        }
    }

    /** The number of channels with a queue (for tests and monitoring). */
    int queueChannelCount() {
        return queues.channelCount();
    }

    /** The number of unacknowledged server messages of a connection (for tests and monitoring). */
    int trackedCount(String connectionId) {
        ConnectionState state = states.get(connectionId);
        return state == null ? 0 : state.trackedCount();
    }

    // ---- for SgcGateway -------------------------------------------------------------------------------

    void clearQueue(String channel) {
        queues.clear(channel);
    }

    Gateway gateway() {
        return gateway;
    }
}
