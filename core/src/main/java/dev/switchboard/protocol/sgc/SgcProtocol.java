package dev.switchboard.protocol.sgc;

import dev.switchboard.api.Audience;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Publication;
import dev.switchboard.api.RpcException;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.auth.RpcPermissions;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.history.HistorySettings;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.Hub;
import dev.switchboard.ops.DrainStarted;
import dev.switchboard.protocol.sgc.SgcMessage.Kind;
import dev.switchboard.protocol.sgc.SgcMessage.WireId;
import dev.switchboard.rpc.RpcInvoker;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The sgc default protocol ({@code esegece.com}): JSON-RPC 2.0 envelopes with {@code sgc@} methods for sessions,
 * acknowledgments, channels, queues, transactions, QoS and RPC, wire-compatible with the sgcWebSockets
 * JavaScript and Delphi clients. The package documentation describes the behaviour and the decisions taken
 * where the original is ambiguous; {@code docs/sgc-protocol.md} is the user guide.
 *
 * <p>Called by the transports, serially per connection, as {@link SubprotocolHandler} promises. Shared state
 * (channel queues, per-connection QoS state) is thread-safe; the QoS retry scan runs on the injected
 * {@link Scheduler}, never on an inbound thread.
 *
 * <p>This class decodes and dispatches; the jobs are done by its parts: {@link QosTracker} (QoS 1 and 2, retries),
 * {@link TransactionBuffer} (per connection), {@link SgcSubscriptions} (subscribe, resume, unsubscribe),
 * {@link SgcPublisher} (publish, broadcast, queues), {@link SgcCalls} (RPC, refresh) and {@link SgcReplies} (what
 * they answer with).
 */
@ApplicationScoped
@Subprotocol(SgcProtocol.NAME)
public class SgcProtocol implements SubprotocolHandler {

    /** The subprotocol token. */
    public static final String NAME = "esegece.com";

    /**
     * -32009 (after HTTP 409): the QoS session named by {@code sgc@qos-session} is held by another live connection
     * (of the same principal); the client names it again once that connection has closed.
     */
    static final int QOS_SESSION_IN_USE = -32009;

    private static final System.Logger LOG = System.getLogger(SgcProtocol.class.getName());

    private Gateway gateway;
    private Hub hub;
    private ChannelPolicy policy;
    private RpcInvoker rpc;
    private RpcPermissions access;
    private SgcSettings settings;
    private int replayLimit;
    private Clock clock;
    private Consumer<SgcMessageEvent> messages;
    private Scheduler scheduler;
    private final ConcurrentHashMap<String, ConnectionState> states = new ConcurrentHashMap<>();

    private SgcBudgets budgets;
    private ChannelQueues queues;
    private SgcReplies replies;
    private QosTracker qos;
    private QosSessions qosSessions;
    private SgcSubscriptions subscriptions;
    private SgcPublisher publisher;
    private SgcCalls calls;

    /** For the container's client proxy. */
    protected SgcProtocol() {}

    /**
     * Creates the protocol bean.
     *
     * @param hub       the hub
     * @param policy    the application's subscribe and publish handlers
     * @param rpc       the application's RPC methods
     * @param access    the authorisation of RPC calls
     * @param settings  the protocol settings
     * @param budgets   what one connection may hold
     * @param history   the history settings (for the most messages one resume replays)
     * @param config    the gateway settings (for whether channel masks are on)
     * @param scheduler runs the QoS retry scan
     * @param messages  where plain {@code sgc@message}s go
     */
    @Inject
    SgcProtocol(
            Hub hub,
            ChannelPolicy policy,
            RpcInvoker rpc,
            RpcPermissions access,
            SgcSettings settings,
            SgcBudgets budgets,
            HistorySettings history,
            SwitchboardConfig config,
            Scheduler scheduler,
            Event<SgcMessageEvent> messages) {
        this(
                hub,
                policy,
                rpc,
                access,
                settings,
                budgets,
                history.maxMessages(),
                config.channelMasks(),
                Clock.systemUTC(),
                messages::fire);
        this.scheduler = scheduler;
    }

    /**
     * Creates the protocol with explicit collaborators and no retry schedule; tests drive it with their own clock
     * and run {@link #retryScan} themselves.
     */
    SgcProtocol(
            Gateway gateway,
            ChannelPolicy policy,
            RpcInvoker rpc,
            RpcPermissions access,
            SgcSettings settings,
            SgcBudgets budgets,
            int replayLimit,
            boolean masks,
            Clock clock,
            Consumer<SgcMessageEvent> messages) {
        this.gateway = gateway;
        // Resuming needs the hub's channel lock; a gateway that is not the hub (none in production) cannot resume.
        this.hub = gateway instanceof Hub h ? h : null;
        this.policy = policy;
        this.rpc = rpc;
        this.access = access;
        this.settings = settings;
        this.replayLimit = replayLimit;
        this.clock = clock;
        this.messages = messages;
        this.replies = new SgcReplies(settings, clock, hub, masks);
        this.qos = new QosTracker(settings, clock, replies, states.values());
        this.qosSessions = new QosSessions(settings.qosSessionTtl(), settings.qosMaxSessions(), clock);
        this.calls = new SgcCalls(gateway, rpc, access, settings, replies);
        budgets(budgets);
    }

    /** Replaces the budgets (and with them the empty queues); called while constructing, and by tests. */
    void budgets(SgcBudgets value) {
        this.budgets = value;
        this.queues = new ChannelQueues(settings.queueMaxMessages(), value.queueMaxChannels(), value.queueMaxBytes());
        this.subscriptions = new SgcSubscriptions(gateway, hub, policy, queues, replies, replayLimit);
        this.publisher = new SgcPublisher(gateway, policy, queues, replies, value);
    }

    @PostConstruct
    void start() {
        if (scheduler != null) {
            qos.start(scheduler);
            qosSessions.start(scheduler);
        }
    }

    @PreDestroy
    void stop() {
        qos.stop();
        qosSessions.stop();
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

    /**
     * The sgc JavaScript client offers {@code <prefix>.esegece.com} when the page gives it a prefix; such a token
     * reaches this protocol unless it ends with the longer name of another one ({@code presence.esegece.com}).
     */
    @Override
    public boolean acceptsPrefixedTokens() {
        return true;
    }

    @Override
    public void onOpen(Connection connection) {
        ConnectionState state = new ConnectionState(connection);
        states.put(connection.id(), state);
        replies.sendSession(state);
    }

    @Override
    public void onText(Connection connection, String text) {
        ConnectionState state = states.computeIfAbsent(connection.id(), id -> new ConnectionState(connection));
        SgcMessage message;
        try {
            message = SgcDecoder.parse(text);
        } catch (MalformedMessage e) {
            replies.sendError(state, e.id(), e.code(), e.getMessage(), e.data());
            return;
        }
        receive(state, message);
    }

    @Override
    public void onClose(Connection connection, int code, String reason) {
        // Tracked messages, stored QoS 2 messages and open transactions die with the connection, as in sgc; the QoS 2
        // part outlives it only when the connection named a QoS session (the extension).
        ConnectionState state = states.remove(connection.id());
        if (rpc != null) {
            rpc.cancelPending(connection);
        }
        qosSessions.closed(connection.id(), state == null ? null : state.qos());
        queues.forgetOwner(connection.id());
    }

    @Override
    public String encodePublication(Publication publication) {
        // Encoded once per publication for every sgc subscriber: the position is the publication's, not theirs.
        return SgcEncoder.event(publication);
    }

    @Override
    public Optional<ByteBuffer> encodeBinaryPublication(Publication publication) {
        // sgc clients read bytes as sgc@b64: text inside the event (see encodePublication).
        return Optional.empty();
    }

    // ---- inbound --------------------------------------------------------------------------------------

    private void receive(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        WireId id = message.id();
        String method = message.method() == null ? "" : message.method();
        switch (method) {
            case SgcWire.ACKNOWLEDGMENT -> {
                if (id != null) {
                    qos.acknowledged(state, id);
                }
                return;
            }
            case SgcWire.PUBREC -> {
                if (id != null) {
                    qos.received(state, id);
                }
                return;
            }
            case SgcWire.PUBREL -> {
                if (id != null) {
                    SgcMessage released = qos.released(state, id);
                    if (released != null) {
                        process(state, released);
                    }
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
                connection.sendText(SgcEncoder.acknowledgment(id));
            }
            return;
        }
        if (message.qos() == QosLevel.LEVEL2 && id != null) {
            qos.hold(state, message, budgets.of(connection));
            return;
        }
        process(state, message);
    }

    /** Acknowledges, then queues in an open transaction or dispatches. */
    private void process(ConnectionState state, SgcMessage message) {
        boolean inTransaction =
                isPayload(message.method()) && state.transactions().inTransaction(message.channelKey());
        if (!inTransaction && SgcWire.PUBLISH.equals(message.method())) {
            // Acknowledged once the broker has taken it: an acknowledged QoS 1 or 2 publication is never lost.
            publisher.publish(state, message, true);
            return;
        }
        if (message.id() != null) {
            state.connection().sendText(SgcEncoder.acknowledgment(message.id()));
        }
        if (inTransaction) {
            SgcBudgets.Budget budget = budgets.of(state.connection());
            switch (state.transactions().enqueue(message, settings.transactionMaxMessages(), budget)) {
                case FULL ->
                    replies.sendError(
                            state,
                            message.id(),
                            RpcException.SERVER_ERROR,
                            "Transaction is full",
                            "the transaction on channel '" + message.channelKey() + "' already holds "
                                    + settings.transactionMaxMessages() + " messages");
                case OVER_BUDGET ->
                    replies.refuseForBudget(
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
        return SgcWire.PUBLISH.equals(method) || SgcWire.BROADCAST.equals(method) || SgcWire.MESSAGE.equals(method);
    }

    private void dispatch(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        switch (message.method()) {
            case SgcWire.SESSION -> replies.sendSession(state);
            case SgcWire.SUBSCRIBE -> subscriptions.subscribe(state, message);
            case SgcWire.RESUME -> subscriptions.resume(state, message);
            case SgcWire.UNSUBSCRIBE -> subscriptions.unsubscribe(state, message);
            case SgcWire.UNSUBSCRIBE_ALL -> subscriptions.unsubscribeAll(state, message);
            case SgcWire.PUBLISH -> publisher.publish(state, message, false);
            case SgcWire.BROADCAST -> publisher.broadcast(state, message);
            case SgcWire.MESSAGE -> deliver(connection, message);
            case SgcWire.PROTOCOL ->
                connection.sendText(connection.subprotocol().orElse(NAME));
            case SgcWire.TRANSACTION -> {
                SgcBudgets.Budget budget = budgets.of(connection);
                if (!state.transactions().begin(message.channelKey(), budget)) {
                    replies.refuseForBudget(
                            state,
                            message.id(),
                            "a connection may have " + budget.transactions() + " transactions open");
                }
            }
            case SgcWire.COMMIT -> {
                for (SgcMessage queued : state.transactions().end(message.channelKey())) {
                    dispatch(state, queued);
                }
            }
            case SgcWire.ROLLBACK -> state.transactions().end(message.channelKey());
            case SgcWire.REFRESH -> calls.refresh(state, message);
            case SgcWire.QOS_SESSION -> {
                if (qosSessions.enabled()) {
                    nameQosSession(state, message);
                } else {
                    unknownMethod(state, message);
                }
            }
            default -> {
                if (message.method().startsWith(SgcWire.RESERVED_PREFIX)) {
                    unknownMethod(state, message);
                } else {
                    calls.call(state, message);
                }
            }
        }
    }

    private void unknownMethod(ConnectionState state, SgcMessage message) {
        if (message.id() != null) {
            replies.sendError(
                    state,
                    message.id(),
                    RpcException.METHOD_NOT_FOUND,
                    "Method not found",
                    message.method() + " is not supported");
        }
    }

    /**
     * {@code sgc@qos-session} (an extension): the connection names its client's QoS session and takes over the QoS
     * 2 state an earlier connection of the session left. It must come before the connection's first QoS 2 message;
     * the key is checked before it is looked up, and a session another live connection holds is refused (-32009).
     */
    private void nameQosSession(ConnectionState state, SgcMessage message) {
        Connection connection = state.connection();
        JsonValue value = SgcDecoder.fields(message.params()).get("key");
        String token = value instanceof JsonString text ? text.getString() : null;
        if (!QosSessions.validToken(token)) {
            replies.sendError(
                    state,
                    message.id(),
                    RpcException.INVALID_PARAMS,
                    "Invalid params",
                    "sgc@qos-session needs params.key: " + QosSessions.MIN_TOKEN_LENGTH + " to "
                            + QosSessions.MAX_TOKEN_LENGTH + " base64url characters");
            return;
        }
        if (!qosSessions.holdsAny(connection.id()) && state.qos().hasQos2()) {
            replies.sendError(
                    state,
                    message.id(),
                    RpcException.INVALID_PARAMS,
                    "Invalid params",
                    "sgc@qos-session must come before the connection's first QoS 2 message");
            return;
        }
        QosSessions.Key key =
                new QosSessions.Key(connection.principal().map(p -> p.getName()).orElse(null), token);
        switch (qosSessions.claim(key, connection.id(), this::closingState)) {
            case QosSessions.Claim.Held held -> {
                int stored = 0;
                int released = 0;
                if (held.adopted() != null) {
                    stored = held.adopted().stored().size();
                    released = held.adopted().released().size();
                    state.qos().adoptQos2(held.adopted());
                }
                if (message.id() != null) {
                    connection.sendText(SgcEncoder.qosSession(held.adopted() != null, stored, released, message.id()));
                }
            }
            case QosSessions.Claim.Again() -> {
                if (message.id() != null) {
                    connection.sendText(SgcEncoder.qosSession(false, 0, 0, message.id()));
                }
            }
            case QosSessions.Claim.InUse() ->
                replies.sendError(
                        state,
                        message.id(),
                        QOS_SESSION_IN_USE,
                        "QoS session in use",
                        "another connection holds this QoS session; name it again once that one has closed");
            case QosSessions.Claim.OtherSession() ->
                replies.sendError(
                        state,
                        message.id(),
                        RpcException.INVALID_PARAMS,
                        "Invalid params",
                        "this connection named another QoS session already");
        }
    }

    /** The QoS state of a connection whose close has begun but not ended; null for a live (or gone) one. */
    private QosState closingState(String connectionId) {
        ConnectionState state = states.get(connectionId);
        return state == null || state.connection().isOpen() ? null : state.qos();
    }

    private void deliver(Connection connection, SgcMessage message) {
        try {
            messages.accept(new SgcMessageEvent(connection, message.message() == null ? "" : message.message()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "An observer of SgcMessageEvent failed on " + connection, e);
        }
    }

    @Override
    public void onIdentityExpiring(Connection connection, Instant expiresAt) {
        long seconds = Math.max(0, Duration.between(clock.instant(), expiresAt).toSeconds());
        connection.sendText(SgcEncoder.expiring(expiresAt, seconds));
    }

    /**
     * Tells every sgc connection of this node that the node drains ({@code sgc@drain}), so clients that know another
     * node move there before the deadline closes them with 1001. Only queues; called on the thread that started the
     * drain. Clients that do not know the notice ignore it, as they ignore any unknown method.
     *
     * @param started the drain
     */
    void onDrain(@Observes DrainStarted started) {
        String notice = SgcEncoder.drain(started.retryAfter().toSeconds());
        int told = 0;
        for (ConnectionState state : states.values()) {
            if (state.connection().sendText(notice)) {
                told++;
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "Told {0} sgc connection(s) to reconnect elsewhere", told);
    }

    /** Re-sends overdue tracked messages now; the scheduler does it every QoS interval. */
    void retryScan() {
        qos.retryScan();
    }

    /** The QoS session registry (for tests). */
    QosSessions qosSessions() {
        return qosSessions;
    }

    /** The number of channels with a queue (for tests and monitoring). */
    int queueChannelCount() {
        return queues.channelCount();
    }

    /** The number of unacknowledged server messages of a connection (for tests and monitoring). */
    int trackedCount(String connectionId) {
        ConnectionState state = states.get(connectionId);
        return state == null ? 0 : state.qos().trackedCount();
    }

    // ---- for SgcGateway -------------------------------------------------------------------------------

    /** Keeps the message at its queue level, then fans it out; a null publisher means the server published. */
    int publish(String channelSpec, String text, QueueLevel level, Connection publisher) {
        return this.publisher.publish(channelSpec, text, level, publisher);
    }

    /** Sends an {@code sgc@message} to an audience, once per channel of the spec (or once without channel). */
    int broadcast(String text, String channelSpec, Audience audience) {
        return publisher.broadcast(text, channelSpec, audience);
    }

    void clearQueue(String channel) {
        publisher.clearQueue(channel);
    }

    Gateway gateway() {
        return gateway;
    }
}
