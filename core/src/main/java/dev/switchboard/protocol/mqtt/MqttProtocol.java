package dev.switchboard.protocol.mqtt;

import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Publication;
import dev.switchboard.api.PublicationProperties;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.auth.Authentication;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.channel.Glob;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.Hub;
import dev.switchboard.protocol.mqtt.MqttPacket.Ack;
import dev.switchboard.protocol.mqtt.MqttPacket.Connack;
import dev.switchboard.protocol.mqtt.MqttPacket.Connect;
import dev.switchboard.protocol.mqtt.MqttPacket.Disconnect;
import dev.switchboard.protocol.mqtt.MqttPacket.PingResp;
import dev.switchboard.protocol.mqtt.MqttPacket.Publish;
import dev.switchboard.protocol.mqtt.MqttPacket.Suback;
import dev.switchboard.protocol.mqtt.MqttPacket.Subscribe;
import dev.switchboard.protocol.mqtt.MqttPacket.Subscription;
import dev.switchboard.protocol.mqtt.MqttPacket.Unsuback;
import dev.switchboard.protocol.mqtt.MqttPacket.Unsubscribe;
import dev.switchboard.protocol.mqtt.MqttPacket.Will;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * MQTT 3.1.1 and 5.0 over WebSocket (subprotocol {@code mqtt}): an MQTT server whose topics are Switchboard channels.
 * The package documentation states the mapping and the decisions; {@code docs/protocols.md} is the user guide.
 *
 * <p>Called by the transport serially per connection (inbound packets, close) and by the hub's delivery on
 * publishers' threads ({@link #deliverPublication}, and the offline observer). Session state is guarded by each
 * session's lock; nothing is published while one is held. Timers (keep-alive, session expiry, will delay) run on the
 * hub's scheduler.
 */
@ApplicationScoped
@Subprotocol(MqttProtocol.NAME)
public class MqttProtocol implements SubprotocolHandler {

    /** The subprotocol token (MQTT 5.0 §6, MQTT 3.1.1 §6). */
    public static final String NAME = "mqtt";

    private static final System.Logger LOG = System.getLogger(MqttProtocol.class.getName());
    private static final int MAX_CLIENT_ID_LENGTH = 128;

    private Hub hub;
    private ChannelPolicy policy;
    private MqttSettings settings;
    private boolean masks;
    private Instance<Authentication> authentication;
    private Scheduler scheduler;

    private final ConcurrentHashMap<String, ClientState> states = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MqttSession> sessions = new ConcurrentHashMap<>();
    /** Persistent sessions whose client is away and that hold subscriptions: the offline observer queues for them. */
    private final ConcurrentHashMap<String, MqttSession> away = new ConcurrentHashMap<>();

    /** Striped by session key: see {@link #bindAndAcknowledge}. */
    private final ReentrantLock[] bindLocks = newLocks(64);

    private RetainedMessages retained;
    private Runnable stopObserving = () -> {};
    /**
     * The MQTT view of the publication converted last. The hub hands one publication object to each subscriber in
     * turn, so its properties are read once per publication, not once per subscriber; a message's payload is never
     * changed, so subscribers share it.
     */
    private volatile Converted lastConverted;

    private record Converted(Publication publication, MqttMessage message) {}

    /** For the container's client proxy. */
    protected MqttProtocol() {}

    /**
     * Creates the protocol bean.
     *
     * @param hub            the hub
     * @param policy         the application's subscribe and publish handlers
     * @param settings       the MQTT limits
     * @param config         the gateway settings (whether channel masks are on)
     * @param authentication checks CONNECT user names and passwords
     */
    @Inject
    MqttProtocol(
            Hub hub,
            ChannelPolicy policy,
            MqttSettings settings,
            SwitchboardConfig config,
            Instance<Authentication> authentication) {
        this.hub = hub;
        this.policy = policy;
        this.settings = settings;
        this.masks = config.channelMasks();
        this.authentication = authentication;
        this.retained = new RetainedMessages(settings.retainedMaxCount(), settings.retainedMaxBytes());
    }

    @PostConstruct
    void start() {
        scheduler = hub.scheduler();
        stopObserving = hub.observePublications(this::observe);
    }

    @PreDestroy
    void stop() {
        stopObserving.run();
        for (MqttSession session : sessions.values()) {
            session.lock.lock();
            try {
                cancel(session.expiryTask);
                cancel(session.willTask);
            } finally {
                session.lock.unlock();
            }
        }
        for (ClientState state : states.values()) {
            cancel(state.keepAliveTask);
        }
    }

    // ---- SubprotocolHandler -----------------------------------------------------------------------------------

    @Override
    public void onOpen(Connection connection) {
        ClientState state = new ClientState(connection, settings.maxPacketSize());
        states.put(connection.id(), state);
        // A client that never sends CONNECT is closed by the keep-alive cap.
        state.keepAliveSeconds = (int) settings.maxKeepAlive().toSeconds();
        armKeepAlive(state);
    }

    @Override
    public void onText(Connection connection, String message) {
        // MQTT over WebSocket is binary only (MQTT 5.0 §6).
        connection.close(CloseCodes.UNSUPPORTED_DATA, "MQTT packets travel in binary frames");
    }

    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        ClientState state = states.get(connection.id());
        if (state == null || state.finished) {
            return;
        }
        List<MqttPacket> packets;
        try {
            packets = state.decoder.feed(message);
        } catch (MalformedPacketException e) {
            if (state.level == 0 && state.decoder.level() != 0) {
                state.level = state.decoder.level();
            }
            refuse(state, e.reasonCode(), e.getMessage());
            return;
        }
        state.lastPacketNanos = System.nanoTime();
        for (MqttPacket packet : packets) {
            if (state.finished) {
                return;
            }
            try {
                handle(state, packet);
            } catch (MalformedPacketException e) {
                refuse(state, e.reasonCode(), e.getMessage());
                return;
            }
        }
    }

    @Override
    public void onClose(Connection connection, int code, String reason) {
        ClientState state = states.remove(connection.id());
        if (state == null) {
            return;
        }
        cancel(state.keepAliveTask);
        state.finished = true;
        if (!state.connected) {
            return;
        }
        MqttSession session = state.session;
        boolean publishWill = state.will.isPresent() && !state.graceful;
        long willDelay = state.willDelaySeconds;
        boolean keep;
        session.lock.lock();
        try {
            if (session.link != state) {
                // Taken over: the new connection owns the session, and a delayed will is cancelled by it.
                if (willDelay > 0) {
                    publishWill = false;
                }
                keep = true;
            } else {
                session.link = null;
                session.awaySince = System.currentTimeMillis();
                keep = session.expirySeconds > 0;
                if (keep) {
                    if (session.hasSubscriptions()) {
                        away.put(session.key, session);
                    }
                    session.expiryTask =
                            scheduler.schedule(() -> expire(session), Duration.ofSeconds(session.expirySeconds));
                    if (publishWill && willDelay > 0) {
                        Will will = state.will.get();
                        Connection asClient = state.asClient;
                        long delay = Math.min(willDelay, session.expirySeconds);
                        boolean v5 = state.v5();
                        session.pendingWill = () -> publishWill(asClient, will, v5);
                        session.willTask = scheduler.schedule(session.pendingWill, Duration.ofSeconds(delay));
                        publishWill = false;
                    }
                } else {
                    sessions.remove(session.key, session);
                }
            }
        } finally {
            session.lock.unlock();
        }
        if (publishWill) {
            publishWill(state.asClient, state.will.get(), state.v5());
        }
    }

    @Override
    public boolean deliversPerSubscriber() {
        return true;
    }

    @Override
    public void deliverPublication(Connection subscriber, Publication publication) {
        ClientState state = states.get(subscriber.id());
        if (state == null || !state.connected) {
            return;
        }
        deliver(state.session, publication, state);
    }

    // ---- delivery ---------------------------------------------------------------------------------------------

    /**
     * Sees every publication this node delivers, in each channel's order: stores a retained one (from any node of the
     * cluster, so every node holds the same retained messages; an empty payload clears the topic), and queues each for
     * the away persistent sessions it matches.
     */
    private void observe(Publication publication) {
        if (!publication.properties().isEmpty() && publication.properties().has(MqttPublicationProperties.RETAIN)) {
            retained.put(messageOf(publication));
        }
        if (away.isEmpty()) {
            return;
        }
        for (MqttSession session : away.values()) {
            deliver(session, publication, null);
        }
    }

    /**
     * Delivers a publication to a session: matched against its subscriptions (the hub only says that one of them
     * matches), at min(published QoS, granted QoS), with its subscription ids, honouring no-local.
     *
     * @param live the connection the hub delivered to, or null for the offline observer
     */
    private void deliver(MqttSession session, Publication publication, ClientState live) {
        MqttMessage message = messageOf(publication);
        String publisher = publication.publisher().orElse(null);
        long now = System.currentTimeMillis();
        session.lock.lock();
        try {
            if (live != null ? session.link != live : session.link != null) {
                return;
            }
            int qos = -1;
            boolean retainAsPublished = false;
            List<Integer> ids = new ArrayList<>(1);
            for (Map.Entry<String, MqttSession.Options> entry :
                    session.subscriptions().entrySet()) {
                MqttSession.Options options = entry.getValue();
                if (!TopicFilter.matches(entry.getKey(), message.topic())) {
                    continue;
                }
                if (options.noLocal() && publisher != null && live != null && publisher.equals(live.connection.id())) {
                    continue;
                }
                qos = Math.max(qos, options.qos());
                retainAsPublished |= options.retainAsPublished();
                if (options.subscriptionId() > 0) {
                    ids.add(options.subscriptionId());
                }
            }
            if (qos < 0) {
                return;
            }
            session.deliver(message, Math.min(qos, message.qos()), retainAsPublished && message.retain(), ids, now);
        } finally {
            session.lock.unlock();
        }
    }

    private MqttMessage messageOf(Publication publication) {
        Converted last = lastConverted;
        if (last != null && last.publication() == publication) {
            return last.message();
        }
        MqttMessage message = MqttPublicationProperties.messageOf(publication);
        lastConverted = new Converted(publication, message);
        return message;
    }

    // ---- inbound ----------------------------------------------------------------------------------------------

    private void handle(ClientState state, MqttPacket packet) throws MalformedPacketException {
        if (!state.connected && !(packet instanceof Connect)) {
            throw MalformedPacketException.protocolError("the first packet must be CONNECT");
        }
        switch (packet) {
            case Connect connect -> connect(state, connect);
            case Publish publish -> publish(state, publish);
            case Ack ack -> acknowledged(state, ack);
            case Subscribe subscribe -> subscribe(state, subscribe);
            case Unsubscribe unsubscribe -> unsubscribe(state, unsubscribe);
            case MqttPacket.PingReq ping -> state.send(new PingResp());
            case Disconnect disconnect -> disconnect(state, disconnect);
            case MqttPacket.Auth auth ->
                throw MalformedPacketException.protocolError("enhanced authentication is not supported");
            default -> throw MalformedPacketException.protocolError("a server packet from a client");
        }
    }

    // ---- CONNECT ----------------------------------------------------------------------------------------------

    private void connect(ClientState state, Connect connect) throws MalformedPacketException {
        if (state.connected) {
            throw MalformedPacketException.protocolError("a second CONNECT");
        }
        int level = connect.level();
        if (level != MqttPacket.V311 && level != MqttPacket.V5) {
            // Answered in the 3.1.1 form, which every version reads (MQTT 5.0 §3.1.2.2).
            state.level = MqttPacket.V311;
            boolean v5ish = level > MqttPacket.V5;
            connack(state, v5ish ? ReasonCodes.UNSUPPORTED_PROTOCOL_VERSION : ReasonCodes.V3_UNACCEPTABLE_PROTOCOL);
            return;
        }
        state.level = level;
        boolean v5 = level == MqttPacket.V5;
        MqttProperties props = connect.properties();
        if (props.has(MqttProperties.AUTHENTICATION_METHOD)) {
            connack(state, ReasonCodes.BAD_AUTHENTICATION_METHOD);
            return;
        }
        // Credentials.
        Optional<Identity> identity;
        try {
            identity = identify(state, connect);
        } catch (AuthenticationException e) {
            connack(state, v5 ? ReasonCodes.BAD_USER_NAME_OR_PASSWORD : ReasonCodes.V3_BAD_CREDENTIALS);
            return;
        }
        if (identity.isEmpty()
                && state.connection.principal().isEmpty()
                && (!settings.allowAnonymous() || principalRequired())) {
            connack(state, v5 ? ReasonCodes.NOT_AUTHORIZED : ReasonCodes.V3_NOT_AUTHORIZED);
            return;
        }
        identity.ifPresent(proven -> state.asClient = new ProvenConnection(state.connection, proven));
        // Client identifier.
        String clientId = connect.clientId();
        boolean assigned = false;
        if (clientId.isEmpty()) {
            if (!v5 && !connect.cleanStart()) {
                connack(state, ReasonCodes.V3_IDENTIFIER_REJECTED);
                return;
            }
            clientId = "sb-" + UUID.randomUUID();
            assigned = true;
        } else if (clientId.length() > MAX_CLIENT_ID_LENGTH) {
            connack(state, v5 ? ReasonCodes.CLIENT_ID_NOT_VALID : ReasonCodes.V3_IDENTIFIER_REJECTED);
            return;
        }
        // Will.
        if (connect.will().isPresent()) {
            Will will = connect.will().get();
            if (topicRefusal(will.topic()).isPresent()) {
                if (v5) {
                    connack(state, ReasonCodes.TOPIC_NAME_INVALID);
                } else {
                    finish(state, ReasonCodes.TOPIC_NAME_INVALID, "invalid will topic");
                }
                return;
            }
            state.will = connect.will();
            state.willDelaySeconds = will.properties()
                    .unsigned(MqttProperties.WILL_DELAY_INTERVAL)
                    .orElse(0L);
        }
        // Limits the client sets.
        int clientReceive = props.integer(MqttProperties.RECEIVE_MAXIMUM).orElse(65_535);
        state.sendWindow = Math.min(clientReceive, settings.maxInFlight());
        state.maxPacketSize = Math.min(
                settings.maxPacketSize(),
                props.unsigned(MqttProperties.MAXIMUM_PACKET_SIZE).orElse(Long.MAX_VALUE));
        state.problemInformation =
                props.integer(MqttProperties.REQUEST_PROBLEM_INFORMATION).orElse(1) == 1;
        // Keep-alive: a client's value is enforced; MQTT 5 clients asking for none or more get the cap.
        int keepAlive = connect.keepAlive();
        long cap = settings.maxKeepAlive().toSeconds();
        Integer serverKeepAlive = null;
        if (v5 && (keepAlive == 0 || keepAlive > cap)) {
            keepAlive = (int) cap;
            serverKeepAlive = keepAlive;
        }
        // Session expiry.
        long expiry;
        Long grantedExpiry = null;
        if (v5) {
            long asked = props.unsigned(MqttProperties.SESSION_EXPIRY_INTERVAL).orElse(0L);
            expiry = Math.min(asked, settings.maxSessionExpiry().toSeconds());
            if (expiry != asked) {
                grantedExpiry = expiry;
            }
        } else {
            expiry = connect.cleanStart() ? 0 : settings.sessionExpiry().toSeconds();
        }
        String key = identity.map(Identity::name)
                        .or(() -> state.connection.principal().map(p -> p.getName()))
                        .orElse("")
                + "\u0000" + clientId;
        // From finding the session to linking this connection to it, no other CONNECT of the same client may run:
        // two of them would each find no session (or the session unlinked) and both stay connected.
        ReentrantLock bindLock = bindLocks[Math.floorMod(key.hashCode(), bindLocks.length)];
        bindLock.lock();
        try {
            bindAndAcknowledge(
                    state,
                    key,
                    clientId,
                    connect.cleanStart(),
                    expiry,
                    v5,
                    assigned,
                    keepAlive,
                    serverKeepAlive,
                    grantedExpiry);
        } finally {
            bindLock.unlock();
        }
    }

    private void bindAndAcknowledge(
            ClientState state,
            String key,
            String clientId,
            boolean cleanStart,
            long expiry,
            boolean v5,
            boolean assigned,
            int keepAlive,
            Integer serverKeepAlive,
            Long grantedExpiry) {
        Optional<Bound> bound = bindSession(state, key, clientId, cleanStart, expiry);
        if (bound.isEmpty()) {
            connack(state, v5 ? ReasonCodes.QUOTA_EXCEEDED : ReasonCodes.V3_SERVER_UNAVAILABLE);
            return;
        }
        MqttProperties.Builder ack = MqttProperties.builder();
        if (v5) {
            ack.integer(MqttProperties.RECEIVE_MAXIMUM, settings.maxInFlight())
                    .unsigned(MqttProperties.MAXIMUM_PACKET_SIZE, settings.maxPacketSize())
                    .integer(MqttProperties.TOPIC_ALIAS_MAXIMUM, settings.topicAliasMaximum())
                    .integer(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, 0);
            if (assigned) {
                ack.string(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, clientId);
            }
            if (serverKeepAlive != null) {
                ack.integer(MqttProperties.SERVER_KEEP_ALIVE, serverKeepAlive);
            }
            if (grantedExpiry != null) {
                ack.unsigned(MqttProperties.SESSION_EXPIRY_INTERVAL, grantedExpiry);
            }
        }
        MqttSession session = bound.get().session();
        state.connected = true;
        state.keepAliveSeconds = keepAlive;
        cancel(state.keepAliveTask);
        armKeepAlive(state);
        long now = System.currentTimeMillis();
        session.lock.lock();
        try {
            state.send(new Connack(bound.get().present(), ReasonCodes.SUCCESS, ack.build()));
            // Subscriptions of a resumed session are live again before the queue is drained, under the session lock,
            // so a publication delivered meanwhile waits for the lock and then finds the connection bound.
            for (Map.Entry<String, MqttSession.Options> entry :
                    session.subscriptions().entrySet()) {
                subscribeHub(state, entry.getKey());
            }
            session.link = state;
            session.awaySince = 0;
            session.resume(now);
        } finally {
            session.lock.unlock();
        }
    }

    private record Bound(MqttSession session, boolean present) {}

    private static ReentrantLock[] newLocks(int count) {
        ReentrantLock[] locks = new ReentrantLock[count];
        for (int i = 0; i < count; i++) {
            locks[i] = new ReentrantLock();
        }
        return locks;
    }

    /**
     * Finds or makes the client's session and takes it over from a connection that holds it (MQTT 5: DISCONNECT
     * 0x8E). Empty when the session bound is reached and no away session can make room.
     */
    private Optional<Bound> bindSession(
            ClientState state, String key, String clientId, boolean cleanStart, long expiry) {
        MqttSession existing = sessions.get(key);
        boolean present = false;
        MqttSession session;
        if (existing != null) {
            ClientState previous;
            existing.lock.lock();
            try {
                previous = existing.link instanceof ClientState holder ? holder : null;
                existing.link = null;
                cancel(existing.expiryTask);
                // A client back within its will delay cancels the will (MQTT 5.0 §3.1.2.5).
                cancel(existing.willTask);
                existing.pendingWill = null;
                away.remove(key, existing);
            } finally {
                existing.lock.unlock();
            }
            if (previous != null) {
                previous.takenOver = true;
                finish(previous, ReasonCodes.SESSION_TAKEN_OVER, "another connection took the session over");
            }
            if (cleanStart) {
                sessions.remove(key, existing);
                session = null;
            } else {
                session = existing;
                present = true;
            }
        } else {
            session = null;
        }
        if (session == null) {
            if (sessions.size() >= settings.maxSessions() && !evictOneAway()) {
                return Optional.empty();
            }
            session = new MqttSession(key, clientId, settings.maxQueued());
            sessions.put(key, session);
        }
        session.lock.lock();
        try {
            session.expirySeconds = expiry;
        } finally {
            session.lock.unlock();
        }
        state.session = session;
        return Optional.of(new Bound(session, present));
    }

    /** Drops the away session that left first, to make room for a new one. */
    private boolean evictOneAway() {
        MqttSession oldest = null;
        for (MqttSession session : sessions.values()) {
            long since = session.awaySince;
            if (since != 0 && (oldest == null || since < oldest.awaySince)) {
                oldest = session;
            }
        }
        if (oldest == null) {
            return false;
        }
        expire(oldest);
        return true;
    }

    private void expire(MqttSession session) {
        Runnable will = null;
        session.lock.lock();
        try {
            if (session.link != null) {
                return;
            }
            sessions.remove(session.key, session);
            away.remove(session.key, session);
            cancel(session.expiryTask);
            Future<?> pending = session.willTask;
            if (pending != null && pending.cancel(false)) {
                // MQTT 5.0 §3.1.3.2.2: the will goes out when the session ends, even before its delay.
                will = session.pendingWill;
            }
            session.pendingWill = null;
        } finally {
            session.lock.unlock();
        }
        if (will != null) {
            will.run();
        }
    }

    private Optional<Identity> identify(ClientState state, Connect connect) throws AuthenticationException {
        if (connect.userName() == null) {
            return Optional.empty();
        }
        if (authentication == null || !authentication.isResolvable()) {
            throw new AuthenticationException("no credential store");
        }
        byte[] password = connect.password() == null ? new byte[0] : connect.password();
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(password));
        char[] secret = new char[chars.remaining()];
        chars.get(secret);
        java.util.Arrays.fill(password, (byte) 0);
        return Optional.of(authentication
                .get()
                .password(connect.userName(), secret, null, "mqtt", state.connection.clientAddress()));
    }

    /**
     * Whether {@code switchboard.auth.required} is on. Over WebSocket the handshake already met it, so a connection
     * without a principal never gets here then; a transport without an HTTP request (TCP) has no such gate, and its
     * client must name itself in CONNECT instead.
     */
    private boolean principalRequired() {
        return authentication != null
                && authentication.isResolvable()
                && authentication.get().settings().required();
    }

    private void connack(ClientState state, int code) {
        state.send(new Connack(false, code, MqttProperties.EMPTY));
        state.finished = true;
        int close = code == ReasonCodes.V3_BAD_CREDENTIALS
                        || code == ReasonCodes.V3_NOT_AUTHORIZED
                        || code == ReasonCodes.BAD_USER_NAME_OR_PASSWORD
                        || code == ReasonCodes.NOT_AUTHORIZED
                ? CloseCodes.UNAUTHORIZED
                : CloseCodes.POLICY_VIOLATION;
        state.connection.close(close, "CONNECT refused: 0x" + Integer.toHexString(code));
    }

    // ---- keep-alive -------------------------------------------------------------------------------------------

    private void armKeepAlive(ClientState state) {
        if (state.keepAliveSeconds <= 0) {
            return;
        }
        // MQTT 5.0 §3.1.2.10: one and a half keep-alives without a packet close the connection.
        long limitNanos = Duration.ofSeconds(state.keepAliveSeconds).toNanos() * 3 / 2;
        Duration every = Duration.ofMillis(Math.max(250, state.keepAliveSeconds * 250L));
        state.keepAliveTask = scheduler.scheduleWithFixedDelay(
                () -> {
                    if (!state.finished && System.nanoTime() - state.lastPacketNanos > limitNanos) {
                        finish(state, ReasonCodes.KEEP_ALIVE_TIMEOUT, "keep-alive timeout");
                    }
                },
                every,
                every);
    }

    // ---- PUBLISH ----------------------------------------------------------------------------------------------

    private void publish(ClientState state, Publish publish) throws MalformedPacketException {
        boolean v5 = state.v5();
        MqttProperties props = publish.properties();
        String topic = publish.topic();
        Optional<Integer> alias = props.integer(MqttProperties.TOPIC_ALIAS);
        if (alias.isPresent()) {
            int value = alias.get();
            if (value == 0 || value > settings.topicAliasMaximum()) {
                throw new MalformedPacketException(ReasonCodes.TOPIC_ALIAS_INVALID, "topic alias out of range");
            }
            if (topic.isEmpty()) {
                topic = state.topicAliases.get(value);
                if (topic == null) {
                    throw MalformedPacketException.protocolError("an unknown topic alias");
                }
            } else {
                state.topicAliases.put(value, topic);
            }
        }
        Optional<String> refusal = topicRefusal(topic);
        if (refusal.isPresent()) {
            throw new MalformedPacketException(ReasonCodes.TOPIC_NAME_INVALID, refusal.get());
        }
        String channel = ChannelNames.canonical(topic);
        int qos = publish.qos();
        int id = publish.packetId();
        if (qos == 2) {
            MqttSession session = state.session;
            boolean fresh;
            session.lock.lock();
            try {
                fresh = session.receivedQos2(id);
            } finally {
                session.lock.unlock();
            }
            if (!fresh) {
                // A resend of a QoS 2 message the broker already has: acknowledged again, not delivered again.
                state.send(new Ack(MqttPacket.PUBREC, id, 0, MqttProperties.EMPTY));
                return;
            }
        }
        if (qos > 0 && state.inboundInFlight.incrementAndGet() > settings.maxInFlight()) {
            throw new MalformedPacketException(
                    ReasonCodes.RECEIVE_MAXIMUM_EXCEEDED,
                    "more than " + settings.maxInFlight() + " QoS 1 and 2 messages");
        }
        byte[] payload = publish.payload();
        boolean formatUtf8 =
                props.integer(MqttProperties.PAYLOAD_FORMAT_INDICATOR).orElse(0) == 1;
        Optional<String> text = !v5 || formatUtf8 ? MqttCodec.strictUtf8(payload) : Optional.empty();
        if (v5 && formatUtf8 && text.isEmpty()) {
            refusePublish(state, qos, id, ReasonCodes.PAYLOAD_FORMAT_INVALID);
            return;
        }
        PublishDecision decision = policy.decidePublish(state.asClient, channel, text.orElse(""));
        if (!decision.allowed()) {
            refusePublish(state, qos, id, ReasonCodes.NOT_AUTHORIZED);
            return;
        }
        if (text.isPresent() && decision.rewritten().isPresent()) {
            text = decision.rewritten();
            payload = text.get().getBytes(StandardCharsets.UTF_8);
        }
        long expiresAt = props.unsigned(MqttProperties.MESSAGE_EXPIRY_INTERVAL)
                .map(seconds -> System.currentTimeMillis() + seconds * 1000)
                .orElse(0L);
        MqttProperties passed = props.toBuilder()
                .remove(MqttProperties.TOPIC_ALIAS)
                .remove(MqttProperties.MESSAGE_EXPIRY_INTERVAL)
                .clearSubscriptionIds()
                .build();
        MqttMessage message = new MqttMessage(
                channel, payload, text.isPresent(), qos, publish.retain(), passed, expiresAt, state.connection.id());
        PublicationProperties properties = MqttPublicationProperties.of(message);
        Optional<String> overBudget = hub.propertyBudget().refusal(properties);
        if (overBudget.isPresent()) {
            LOG.log(System.Logger.Level.DEBUG, "An MQTT publication was refused: {0}", overBudget.get());
            refusePublish(state, qos, id, ReasonCodes.QUOTA_EXCEEDED);
            return;
        }
        // A retained message is stored when each node delivers it (see observe), so every node stores it in order.
        Runnable accepted = () -> {
            if (qos == 1) {
                state.inboundInFlight.decrementAndGet();
                state.send(new Ack(MqttPacket.PUBACK, id, 0, MqttProperties.EMPTY));
            } else if (qos == 2) {
                state.send(new Ack(MqttPacket.PUBREC, id, 0, MqttProperties.EMPTY));
            }
        };
        Optional<Connection> publisher = Optional.of(state.connection);
        var stage = text.isPresent()
                ? hub.publishTracked(channel, text.get(), publisher, Optional.empty(), properties, accepted)
                : hub.publishTracked(
                        channel, ByteBuffer.wrap(payload), publisher, Optional.empty(), properties, accepted);
        stage.whenComplete((count, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "An MQTT publication was refused: " + failure.getMessage());
                refusePublish(state, qos, id, ReasonCodes.UNSPECIFIED_ERROR);
            }
        });
    }

    /** Refuses a PUBLISH: MQTT 5 acknowledges with a failure code; 3.1.1 acknowledges and drops (it has none). */
    private void refusePublish(ClientState state, int qos, int id, int code) {
        if (qos == 0) {
            return;
        }
        MqttSession session = state.session;
        if (qos == 2) {
            session.lock.lock();
            try {
                session.releasedQos2(id);
            } finally {
                session.lock.unlock();
            }
        }
        state.inboundInFlight.decrementAndGet();
        int type = qos == 1 ? MqttPacket.PUBACK : MqttPacket.PUBREC;
        state.send(new Ack(type, id, state.v5() ? code : 0, MqttProperties.EMPTY));
    }

    /**
     * Why a topic name cannot be published to, or empty when it can: MQTT's rules, the channel limits, and the
     * characters the hub would read as a channel list ({@code ,}) or a mask ({@code * ? [} while masks are on).
     */
    private Optional<String> topicRefusal(String topic) {
        if (!TopicFilter.validTopicName(topic)) {
            return Optional.of("a topic name must not be empty nor hold + or #");
        }
        return channelRefusal(topic);
    }

    private Optional<String> channelRefusal(String name) {
        if (TopicFilter.levels(name) > settings.maxTopicLevels()) {
            return Optional.of("a topic has more than " + settings.maxTopicLevels() + " levels");
        }
        if (name.indexOf(',') >= 0 || !name.strip().equals(name)) {
            return Optional.of("a topic must not hold a comma nor start or end with white space");
        }
        if (masks && Glob.hasWildcards(name)) {
            return Optional.of("a topic must not hold * ? or [");
        }
        try {
            ChannelNames.check(ChannelNames.canonical(name), hub.budgets().channels(), false);
        } catch (ChannelNames.InvalidChannelException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    // ---- acknowledgments --------------------------------------------------------------------------------------

    private void acknowledged(ClientState state, Ack ack) {
        MqttSession session = state.session;
        long now = System.currentTimeMillis();
        switch (ack.type()) {
            case MqttPacket.PUBACK, MqttPacket.PUBCOMP -> {
                session.lock.lock();
                try {
                    session.completed(ack.packetId(), now);
                } finally {
                    session.lock.unlock();
                }
            }
            case MqttPacket.PUBREC -> {
                boolean known;
                boolean failed = ack.reasonCode() >= 0x80;
                session.lock.lock();
                try {
                    known = session.received(ack.packetId(), failed, now);
                } finally {
                    session.lock.unlock();
                }
                if (!failed) {
                    state.send(new Ack(
                            MqttPacket.PUBREL,
                            ack.packetId(),
                            known || !state.v5() ? 0 : ReasonCodes.PACKET_ID_NOT_FOUND,
                            MqttProperties.EMPTY));
                }
            }
            case MqttPacket.PUBREL -> {
                boolean known;
                session.lock.lock();
                try {
                    known = session.releasedQos2(ack.packetId());
                } finally {
                    session.lock.unlock();
                }
                if (known) {
                    // A resumed session's unreleased ids were counted by the earlier connection, not this one.
                    state.inboundInFlight.updateAndGet(count -> Math.max(0, count - 1));
                }
                state.send(new Ack(
                        MqttPacket.PUBCOMP,
                        ack.packetId(),
                        known || !state.v5() ? 0 : ReasonCodes.PACKET_ID_NOT_FOUND,
                        MqttProperties.EMPTY));
            }
            default -> {
                // not reached: the codec makes Ack only of the four types
            }
        }
    }

    // ---- SUBSCRIBE / UNSUBSCRIBE ------------------------------------------------------------------------------

    private void subscribe(ClientState state, Subscribe subscribe) throws MalformedPacketException {
        boolean v5 = state.v5();
        int subscriptionId = subscribe.properties().subscriptionIds().isEmpty()
                ? 0
                : subscribe.properties().subscriptionIds().get(0);
        List<Integer> codes = new ArrayList<>();
        List<MqttMessage> toSend = new ArrayList<>();
        List<Integer> grantedForRetained = new ArrayList<>();
        List<MqttSession.Options> optionsForRetained = new ArrayList<>();
        MqttSession session = state.session;
        for (Subscription sub : subscribe.subscriptions()) {
            String filter = ChannelNames.canonical(sub.filter());
            if (!TopicFilter.validFilter(filter)) {
                if (v5) {
                    codes.add(ReasonCodes.TOPIC_FILTER_INVALID);
                    continue;
                }
                throw MalformedPacketException.malformed("an invalid topic filter");
            }
            if (v5 && filter.startsWith("$share/")) {
                codes.add(ReasonCodes.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED);
                continue;
            }
            if (channelRefusal(filter.replace('+', 'x').replace('#', 'x')).isPresent()) {
                codes.add(v5 ? ReasonCodes.TOPIC_FILTER_INVALID : ReasonCodes.V3_SUBSCRIBE_FAILURE);
                continue;
            }
            SubscribeDecision decision = policy.decideSubscribe(state.asClient, filter);
            if (!decision.allowed()) {
                codes.add(v5 ? ReasonCodes.NOT_AUTHORIZED : ReasonCodes.V3_SUBSCRIBE_FAILURE);
                continue;
            }
            String hubName = hubName(filter);
            Optional<String> over = hub.subscriptionRefusal(state.asClient, hubName);
            if (over.isPresent()) {
                hub.budgetRefused(state.connection);
                codes.add(v5 ? ReasonCodes.QUOTA_EXCEEDED : ReasonCodes.V3_SUBSCRIBE_FAILURE);
                continue;
            }
            MqttSession.Options options = new MqttSession.Options(
                    sub.qos(), sub.noLocal(), sub.retainAsPublished(), sub.retainHandling(), subscriptionId);
            boolean isNew;
            session.lock.lock();
            try {
                isNew = session.subscribe(filter, options);
                subscribeHub(state, filter);
            } finally {
                session.lock.unlock();
            }
            codes.add(sub.qos());
            if (sub.retainHandling() == 0 || (sub.retainHandling() == 1 && isNew)) {
                for (MqttMessage message : retained.matching(filter, System.currentTimeMillis())) {
                    toSend.add(message);
                    grantedForRetained.add(sub.qos());
                    optionsForRetained.add(options);
                }
            }
        }
        state.send(new Suback(subscribe.packetId(), codes, MqttProperties.EMPTY));
        // Retained messages follow the SUBACK (MQTT 5.0 §3.3.1.3), with the retain flag set.
        long now = System.currentTimeMillis();
        session.lock.lock();
        try {
            for (int i = 0; i < toSend.size(); i++) {
                MqttMessage message = toSend.get(i);
                MqttSession.Options options = optionsForRetained.get(i);
                List<Integer> ids = options.subscriptionId() > 0 ? List.of(options.subscriptionId()) : List.of();
                session.deliver(message, Math.min(message.qos(), grantedForRetained.get(i)), true, ids, now);
            }
        } finally {
            session.lock.unlock();
        }
    }

    /** The hub's name of a filter: the exact channel when it has no wildcard, else the filter's key. */
    private String hubName(String filter) {
        return TopicFilter.hasWildcard(filter) ? new TopicFilter(filter).key() : filter;
    }

    private void subscribeHub(ClientState state, String filter) {
        if (TopicFilter.hasWildcard(filter)) {
            hub.subscribeFilter(state.connection, new TopicFilter(filter));
        } else {
            hub.subscribeOne(state.connection, filter);
        }
    }

    private void unsubscribe(ClientState state, Unsubscribe unsubscribe) {
        List<Integer> codes = new ArrayList<>();
        MqttSession session = state.session;
        for (String raw : unsubscribe.filters()) {
            String filter = ChannelNames.canonical(raw);
            boolean had;
            session.lock.lock();
            try {
                had = session.unsubscribe(filter);
            } finally {
                session.lock.unlock();
            }
            if (had) {
                if (TopicFilter.hasWildcard(filter)) {
                    hub.unsubscribeFilter(state.connection, new TopicFilter(filter).key());
                } else {
                    hub.unsubscribe(state.connection, filter);
                }
            }
            codes.add(had ? ReasonCodes.SUCCESS : ReasonCodes.NO_SUBSCRIPTION_EXISTED);
        }
        state.send(new Unsuback(unsubscribe.packetId(), codes, MqttProperties.EMPTY));
    }

    // ---- DISCONNECT and errors --------------------------------------------------------------------------------

    private void disconnect(ClientState state, Disconnect disconnect) throws MalformedPacketException {
        Optional<Long> expiry = disconnect.properties().unsigned(MqttProperties.SESSION_EXPIRY_INTERVAL);
        if (expiry.isPresent()) {
            MqttSession session = state.session;
            session.lock.lock();
            try {
                if (session.expirySeconds == 0 && expiry.get() != 0) {
                    throw MalformedPacketException.protocolError("session expiry set at DISCONNECT after 0 at CONNECT");
                }
                session.expirySeconds =
                        Math.min(expiry.get(), settings.maxSessionExpiry().toSeconds());
            } finally {
                session.lock.unlock();
            }
        }
        // MQTT 5.0 §3.14.4: only DISCONNECT 0x00 suppresses the will (0x04 asks for it).
        state.graceful = disconnect.reasonCode() == ReasonCodes.SUCCESS;
        state.finished = true;
        state.connection.close(CloseCodes.NORMAL, "");
    }

    /** Ends a connection for a protocol error: MQTT 5 sends DISCONNECT with the reason first; 3.1.1 just closes. */
    private void refuse(ClientState state, int reasonCode, String reason) {
        LOG.log(System.Logger.Level.DEBUG, "MQTT connection {0} refused: {1}", state.connection.id(), reason);
        finish(state, reasonCode, reason);
    }

    private void finish(ClientState state, int reasonCode, String reason) {
        if (state.finished && !state.takenOver) {
            return;
        }
        state.finished = true;
        if (state.v5() && state.connected) {
            MqttProperties props = state.problemInformation
                    ? MqttProperties.builder()
                            .string(MqttProperties.REASON_STRING, reason)
                            .build()
                    : MqttProperties.EMPTY;
            state.send(new Disconnect(reasonCode, props));
        } else if (state.v5() && reasonCode >= 0x80) {
            // Before CONNACK, MQTT 5 answers with a CONNACK carrying the reason (§3.1.4).
            state.send(new Connack(false, reasonCode, MqttProperties.EMPTY));
        }
        int code = switch (reasonCode) {
            case ReasonCodes.PACKET_TOO_LARGE -> CloseCodes.MESSAGE_TOO_BIG;
            case ReasonCodes.KEEP_ALIVE_TIMEOUT -> CloseCodes.HEARTBEAT_TIMEOUT;
            case ReasonCodes.SESSION_TAKEN_OVER -> CloseCodes.NORMAL;
            default -> CloseCodes.PROTOCOL_ERROR;
        };
        state.connection.close(code, reason);
    }

    // ---- wills ------------------------------------------------------------------------------------------------

    private void publishWill(Connection asClient, Will will, boolean v5) {
        String channel = ChannelNames.canonical(will.topic());
        MqttProperties props = will.properties();
        boolean formatUtf8 =
                props.integer(MqttProperties.PAYLOAD_FORMAT_INDICATOR).orElse(0) == 1;
        // The same text rule as a PUBLISH of the connection's version.
        Optional<String> text = formatUtf8 || !v5 ? MqttCodec.strictUtf8(will.payload()) : Optional.empty();
        if (!policy.decidePublish(asClient, channel, text.orElse("")).allowed()) {
            return;
        }
        long expiresAt = props.unsigned(MqttProperties.MESSAGE_EXPIRY_INTERVAL)
                .map(seconds -> System.currentTimeMillis() + seconds * 1000)
                .orElse(0L);
        MqttProperties passed = props.toBuilder()
                .remove(MqttProperties.WILL_DELAY_INTERVAL)
                .remove(MqttProperties.MESSAGE_EXPIRY_INTERVAL)
                .build();
        MqttMessage message = new MqttMessage(
                channel, will.payload(), text.isPresent(), will.qos(), will.retain(), passed, expiresAt, null);
        // A will over the property budget goes out without its properties rather than not at all.
        PublicationProperties properties = MqttPublicationProperties.of(message);
        if (hub.propertyBudget().refusal(properties).isPresent()) {
            properties = MqttPublicationProperties.of(new MqttMessage(
                    channel,
                    will.payload(),
                    text.isPresent(),
                    will.qos(),
                    will.retain(),
                    MqttProperties.EMPTY,
                    expiresAt,
                    null));
        }
        if (text.isPresent()) {
            hub.publishTracked(channel, text.get(), Optional.empty(), Optional.empty(), properties, () -> {});
        } else {
            hub.publishTracked(
                    channel, ByteBuffer.wrap(will.payload()), Optional.empty(), Optional.empty(), properties, () -> {});
        }
    }

    private static void cancel(Future<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    // ---- for tests and monitoring -----------------------------------------------------------------------------

    /** The number of sessions this node keeps. */
    int sessionCount() {
        return sessions.size();
    }

    /** The number of retained messages. */
    int retainedCount() {
        return retained.count();
    }
}
