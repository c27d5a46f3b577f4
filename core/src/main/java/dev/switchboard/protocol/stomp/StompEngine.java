package dev.switchboard.protocol.stomp;

import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Publication;
import dev.switchboard.api.PublicationProperties;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.auth.Authentication;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConnection;
import dev.switchboard.spi.Broker;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * The one STOMP engine behind the {@code v10.stomp}, {@code v11.stomp} and {@code v12.stomp} beans: decodes
 * frames, keeps each connection's {@link StompSession}, maps destinations to channels ({@link StompDestination})
 * and publishes and subscribes through the hub, so STOMP shares one channel space with sgc, SSE and the other
 * protocols. The package documentation describes the behaviour.
 */
@ApplicationScoped
public class StompEngine {

    /** The {@code server} header of CONNECTED. */
    static final String SERVER = "Switchboard";

    private static final System.Logger LOG = System.getLogger(StompEngine.class.getName());
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(2);
    private static final Duration FLUSH_POLL = Duration.ofMillis(20);
    /** The prefix of a SEND frame's own header carried in a publication's properties. */
    static final String HEADER_PREFIX = "stomp.header:";
    /** SEND headers that describe the frame itself and are never passed on to MESSAGE frames. */
    private static final Set<String> NOT_FORWARDED = Set.of(
            "destination",
            "message-id",
            "subscription",
            "ack",
            "receipt",
            "receipt-id",
            "transaction",
            "content-length",
            "redelivered");

    private Hub hub;
    private ChannelPolicy policy;
    private Authentication authentication;
    private StompSettings settings;
    private StompFrameCodec.Limits limits;
    private final ConcurrentHashMap<String, StompSession> sessions = new ConcurrentHashMap<>();
    private final StompQueues queues = new StompQueues();
    /** Which node delivers each queue message; null on a node that is not in a cluster. */
    private StompQueueRoutes routes;

    private Broker broker;
    private Future<?> renewal;

    /** For the container's client proxy. */
    protected StompEngine() {}

    /**
     * Creates the engine.
     *
     * @param hub            the hub
     * @param policy         the subscribe and publish rules
     * @param authentication checks {@code login} and {@code passcode}
     * @param settings       the STOMP settings
     * @param cluster        the cluster settings: in a cluster, queue messages are routed to one node
     * @param broker         the broker, which carries the queue interest announcements to the other nodes
     */
    @Inject
    public StompEngine(
            Hub hub,
            ChannelPolicy policy,
            Authentication authentication,
            StompSettings settings,
            ClusterSettings cluster,
            Broker broker) {
        this.hub = hub;
        this.policy = policy;
        this.authentication = authentication;
        this.settings = settings;
        this.limits = StompFrameCodec.Limits.of(settings);
        this.broker = broker;
        this.routes = cluster.enabled() ? new StompQueueRoutes(cluster.nodeId(), settings.queueLease()) : null;
    }

    @PostConstruct
    void start() {
        if (routes != null) {
            Duration every = settings.queueLease().dividedBy(3);
            renewal = hub.scheduler().scheduleWithFixedDelay(this::renewQueueInterest, every, every);
        }
    }

    @PreDestroy
    void stop() {
        if (renewal != null) {
            renewal.cancel(false);
            try {
                // The other nodes stop routing this node's queues at once rather than when the lease runs out.
                announce(queues.names(), true);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "The end of this node's STOMP queue interest was not announced", e);
            }
        }
    }

    // ---- queues across a cluster ----------------------------------------------------------------------

    /** Tells the other nodes again which queues this node has subscribers of, and forgets their lapsed leases. */
    private void renewQueueInterest() {
        try {
            routes.sweep();
            announce(queues.names(), false);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Renewing this node's STOMP queue interest failed", e);
        }
    }

    private void announce(List<String> queueChannels, boolean gone) {
        if (routes == null || queueChannels.isEmpty()) {
            return;
        }
        for (Broker.Announcement announcement : routes.announcements(queueChannels, gone)) {
            broker.announce(announcement);
        }
    }

    /**
     * Takes another node's announcement of the queues it has subscribers of. Other subjects are not this bean's.
     *
     * @param announcement what another node announced
     */
    void announced(@Observes Broker.Announcement announcement) {
        if (routes != null && StompQueueRoutes.SUBJECT.equals(announcement.subject())) {
            routes.announced(announcement);
        }
    }

    // ---- lifecycle ------------------------------------------------------------------------------------

    void open(Connection connection) {
        StompSession session = new StompSession(connection, limits);
        // Heart-beats start only with CONNECTED: without this deadline a client that never sends CONNECT would hold
        // its connection until the container's idle timeout.
        session.timers.add(hub.scheduler().schedule(() -> connectTimedOut(session), settings.connectTimeout()));
        sessions.put(connection.id(), session);
    }

    private void connectTimedOut(StompSession session) {
        session.lock.lock();
        try {
            if (session.connected() || session.ended) {
                return;
            }
            fail(
                    session,
                    new StompProtocolException(
                            "no CONNECT frame within "
                                    + settings.connectTimeout().toMillis() + " ms",
                            CloseCodes.HEARTBEAT_TIMEOUT),
                    null);
        } finally {
            session.lock.unlock();
        }
    }

    void received(Connection connection, ByteBuffer data) {
        StompSession session = sessions.get(connection.id());
        if (session == null || session.ended) {
            return;
        }
        session.lastInboundNanos = System.nanoTime();
        List<StompFrame> frames;
        try {
            frames = session.decoder.decode(data).frames();
        } catch (StompProtocolException e) {
            fail(session, e, null);
            return;
        }
        for (StompFrame frame : frames) {
            if (session.ended) {
                return;
            }
            String receipt = frame.headers().get("receipt");
            try {
                handle(session, frame);
            } catch (StompProtocolException e) {
                fail(session, e, receipt);
                return;
            }
        }
    }

    void closed(Connection connection) {
        StompSession session = sessions.remove(connection.id());
        if (session == null) {
            return;
        }
        List<StompSession.Pending> handBack = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        session.lock.lock();
        try {
            session.ended = true;
            session.timers.forEach(timer -> timer.cancel(false));
            session.timers.clear();
            for (StompSession.Subscription subscription : List.copyOf(session.subscriptions.values())) {
                if (subscription.destination.queue()) {
                    if (queues.remove(subscription.destination.channel(), subscription)) {
                        gone.add(subscription.destination.channel());
                    }
                    handBack.addAll(session.drop(subscription));
                }
            }
            session.transactions.clear();
        } finally {
            session.lock.unlock();
        }
        announce(gone, true);
        // A queue message its subscriber never acknowledged goes to another subscriber of the queue.
        for (StompSession.Pending pending : handBack) {
            redeliver(pending.publication(), session);
        }
    }

    // ---- inbound frames -------------------------------------------------------------------------------

    private void handle(StompSession session, StompFrame frame) throws StompProtocolException {
        String command = frame.command();
        if (!session.connected()) {
            if (!command.equals("CONNECT") && !command.equals("STOMP")) {
                throw new StompProtocolException("the first frame must be CONNECT or STOMP, not " + command);
            }
            connect(session, frame);
            return;
        }
        switch (command) {
            case "CONNECT", "STOMP" -> throw new StompProtocolException("already connected");
            case "SEND" -> inTransactionOr(session, frame, () -> publish(session, frame));
            case "SUBSCRIBE" -> subscribe(session, frame);
            case "UNSUBSCRIBE" -> unsubscribe(session, frame);
            case "ACK" -> inTransactionOr(session, frame, () -> acknowledge(session, frame, true));
            case "NACK" -> {
                if (session.version == StompVersion.V1_0) {
                    throw new StompProtocolException("NACK is not part of STOMP 1.0");
                }
                inTransactionOr(session, frame, () -> acknowledge(session, frame, false));
            }
            case "BEGIN" -> begin(session, frame);
            case "COMMIT" -> commit(session, frame);
            case "ABORT" -> {
                session.lock.lock();
                try {
                    if (session.transactions.remove(transaction(frame)) == null) {
                        throw new StompProtocolException("no transaction '" + printable(transaction(frame)) + "'");
                    }
                } finally {
                    session.lock.unlock();
                }
                receipt(session, frame);
            }
            case "DISCONNECT" -> {
                receipt(session, frame);
                session.ended = true;
                closeAfterFlush(session.connection, CloseCodes.NORMAL, "DISCONNECT");
            }
            default -> throw new StompProtocolException("unknown command " + printable(command));
        }
    }

    /** A frame body that may throw the protocol's exception. */
    private interface Action {
        void run() throws StompProtocolException;
    }

    /** Runs a SEND, ACK or NACK now, or holds it in the transaction it names. */
    private void inTransactionOr(StompSession session, StompFrame frame, Action now) throws StompProtocolException {
        String tx = frame.headers().get("transaction");
        if (tx == null) {
            now.run();
            return;
        }
        session.lock.lock();
        try {
            List<StompFrame> held = session.transactions.get(tx);
            if (held == null) {
                throw new StompProtocolException("no transaction '" + printable(tx) + "'");
            }
            if (held.size() >= settings.maxTransactionFrames()) {
                throw new StompProtocolException(
                        "a transaction holds at most " + settings.maxTransactionFrames() + " frames");
            }
            held.add(frame);
        } finally {
            session.lock.unlock();
        }
        receipt(session, frame);
    }

    private void begin(StompSession session, StompFrame frame) throws StompProtocolException {
        String tx = transaction(frame);
        session.lock.lock();
        try {
            if (session.transactions.containsKey(tx)) {
                throw new StompProtocolException("transaction '" + printable(tx) + "' is already open");
            }
            if (session.transactions.size() >= settings.maxTransactions()) {
                hub.budgetRefused(session.connection);
                throw new StompProtocolException(
                        "a connection may have " + settings.maxTransactions() + " transactions open");
            }
            session.transactions.put(tx, new ArrayList<>());
        } finally {
            session.lock.unlock();
        }
        receipt(session, frame);
    }

    private void commit(StompSession session, StompFrame frame) throws StompProtocolException {
        String tx = transaction(frame);
        List<StompFrame> held;
        session.lock.lock();
        try {
            held = session.transactions.remove(tx);
        } finally {
            session.lock.unlock();
        }
        if (held == null) {
            throw new StompProtocolException("no transaction '" + printable(tx) + "'");
        }
        for (StompFrame queued : held) {
            switch (queued.command()) {
                // A held SEND was not receipted: its RECEIPT promises the broker has the message, which is true now.
                case "SEND" -> publish(session, queued);
                case "ACK" -> acknowledge(session, withoutReceipt(queued), true);
                default -> acknowledge(session, withoutReceipt(queued), false);
            }
        }
        receipt(session, frame);
    }

    /** A held ACK's or NACK's receipt was sent when it was held; the commit must not send another. */
    private static StompFrame withoutReceipt(StompFrame frame) {
        if (!frame.headers().containsKey("receipt")) {
            return frame;
        }
        Map<String, String> headers = new LinkedHashMap<>(frame.headers());
        headers.remove("receipt");
        return new StompFrame(frame.command(), headers, frame.body());
    }

    private static String transaction(StompFrame frame) throws StompProtocolException {
        return required(frame, "transaction");
    }

    private static String required(StompFrame frame, String header) throws StompProtocolException {
        String value = frame.headers().get(header);
        if (value == null || value.isEmpty()) {
            throw new StompProtocolException(frame.command() + " needs a " + header + " header");
        }
        return value;
    }

    // ---- CONNECT --------------------------------------------------------------------------------------

    private void connect(StompSession session, StompFrame frame) throws StompProtocolException {
        Connection connection = session.connection;
        StompVersion version = negotiate(connection, frame.headers().get("accept-version"));
        long[] clientBeats = heartBeats(frame.headers().get("heart-beat"));
        String login = frame.headers().get("login");
        if (login != null && !login.isEmpty()) {
            login(session, login, frame.headers().getOrDefault("passcode", ""));
        }
        long serverSend = settings.heartbeatSend().toMillis();
        long serverReceive = settings.heartbeatReceive().toMillis();
        if (version == StompVersion.V1_0) {
            serverSend = 0;
            serverReceive = 0;
        }
        // Each side sends every max(own offer, peer's wish); 0 on either side means none
        // (https://stomp.github.io/stomp-specification-1.2.html#Heart-beating).
        long sendEvery = serverSend == 0 || clientBeats[1] == 0 ? 0 : Math.max(serverSend, clientBeats[1]);
        long expectEvery = serverReceive == 0 || clientBeats[0] == 0 ? 0 : Math.max(serverReceive, clientBeats[0]);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("version", version.label());
        headers.put("heart-beat", serverSend + "," + serverReceive);
        headers.put("server", SERVER);
        headers.put("session", connection.id());
        connection.principal().ifPresent(p -> headers.put("user-name", p.getName()));
        session.lock.lock();
        try {
            session.version = version;
            session.decoder.version(version);
            send(session, StompFrame.of("CONNECTED", headers, ""));
            startHeartBeats(session, sendEvery, expectEvery);
        } finally {
            session.lock.unlock();
        }
        receipt(session, frame);
    }

    /**
     * The highest version both the client's {@code accept-version} and the negotiated subprotocol allow: a
     * {@code vNN.stomp} connection speaks that version or an older one.
     */
    private static StompVersion negotiate(Connection connection, String acceptVersion) throws StompProtocolException {
        StompVersion ceiling =
                connection.subprotocol().flatMap(StompVersion::ofSubprotocol).orElse(StompVersion.V1_2);
        StompVersion best = null;
        if (acceptVersion == null || acceptVersion.isBlank()) {
            best = StompVersion.V1_0;
        } else {
            for (String offered : acceptVersion.split(",", 8)) {
                Optional<StompVersion> version = StompVersion.ofLabel(offered.trim());
                if (version.isPresent()
                        && version.get().compareTo(ceiling) <= 0
                        && (best == null || version.get().compareTo(best) > 0)) {
                    best = version.get();
                }
            }
        }
        if (best == null) {
            throw new StompProtocolException("no common version: this subprotocol serves up to " + ceiling.label());
        }
        return best;
    }

    private static long[] heartBeats(String header) throws StompProtocolException {
        if (header == null || header.isBlank()) {
            return new long[] {0, 0};
        }
        int comma = header.indexOf(',');
        try {
            long cx = Long.parseLong(header.substring(0, comma).trim());
            long cy = Long.parseLong(header.substring(comma + 1).trim());
            if (cx < 0 || cy < 0) {
                throw new NumberFormatException();
            }
            return new long[] {cx, cy};
        } catch (RuntimeException e) {
            throw new StompProtocolException("heart-beat must be two non-negative numbers: cx,cy");
        }
    }

    private void login(StompSession session, String login, String passcode) throws StompProtocolException {
        Connection connection = session.connection;
        Optional<String> current = connection.principal().map(Principal::getName);
        if (current.isPresent() && !current.get().equals(login)) {
            throw new StompProtocolException("login names another user than the connection's", CloseCodes.UNAUTHORIZED);
        }
        Identity identity;
        try {
            identity =
                    authentication.password(login, passcode.toCharArray(), null, "stomp", connection.clientAddress());
        } catch (AuthenticationException | RuntimeException e) {
            throw new StompProtocolException("login refused", CloseCodes.UNAUTHORIZED);
        }
        if (current.isEmpty() && connection instanceof HubConnection own) {
            // The connection opened without a login: the STOMP login becomes its identity for the permission rules.
            own.replaceIdentity(identity);
        }
    }

    private void startHeartBeats(StompSession session, long sendEvery, long expectEvery) {
        Connection connection = session.connection;
        if (sendEvery > 0) {
            session.timers.add(hub.scheduler()
                    .scheduleWithFixedDelay(
                            () -> connection.sendText("\n"),
                            Duration.ofMillis(sendEvery),
                            Duration.ofMillis(sendEvery)));
        }
        if (expectEvery > 0) {
            long allowedNanos = (long) (Duration.ofMillis(expectEvery).toNanos() * settings.heartbeatTolerance());
            long checkEvery = Math.max(10, expectEvery / 2);
            session.timers.add(hub.scheduler()
                    .scheduleWithFixedDelay(
                            () -> {
                                if (!session.ended && System.nanoTime() - session.lastInboundNanos > allowedNanos) {
                                    session.ended = true;
                                    connection.close(CloseCodes.HEARTBEAT_TIMEOUT, "STOMP heart-beat missed");
                                }
                            },
                            Duration.ofMillis(checkEvery),
                            Duration.ofMillis(checkEvery)));
        }
    }

    // ---- SUBSCRIBE / UNSUBSCRIBE ----------------------------------------------------------------------

    private void subscribe(StompSession session, StompFrame frame) throws StompProtocolException {
        Connection connection = session.connection;
        String destinationHeader = required(frame, "destination");
        String id = frame.headers().get("id");
        if (id == null || id.isEmpty()) {
            if (session.version != StompVersion.V1_0) {
                throw new StompProtocolException("SUBSCRIBE needs an id header");
            }
            id = destinationHeader;
        }
        StompSession.AckMode ack = StompSession.AckMode.of(frame.headers().get("ack"));
        StompDestination destination = StompDestination.of(
                destinationHeader, connection.principal(), true, hub.budgets().channels());
        String channel = destination.channel();
        SubscribeDecision decision = policy.decideSubscribe(connection, channel);
        if (!decision.allowed()) {
            throw new StompProtocolException(
                    "subscription to '" + printable(destinationHeader) + "' refused: " + decision.message(),
                    CloseCodes.POLICY_VIOLATION);
        }
        boolean firstOfQueue = false;
        session.lock.lock();
        try {
            if (session.subscriptions.containsKey(id)) {
                throw new StompProtocolException("subscription id '" + printable(id) + "' is in use");
            }
            int budget = hub.budgets().subscriptionsOf(connection);
            Optional<String> overBudget = session.subscriptions.size() >= budget
                    ? Optional.of("a connection may hold " + budget + " subscriptions")
                    : hub.subscriptionRefusal(connection, channel);
            if (overBudget.isPresent()) {
                hub.budgetRefused(connection);
                throw new StompProtocolException(overBudget.get(), CloseCodes.POLICY_VIOLATION);
            }
            StompSession.Subscription subscription = new StompSession.Subscription(id, destination, ack);
            session.subscriptions.put(id, subscription);
            if (destination.queue()) {
                firstOfQueue = queues.add(channel, new StompQueues.Consumer(session, subscription));
            }
        } finally {
            session.lock.unlock();
        }
        if (firstOfQueue) {
            announce(List.of(channel), false);
        }
        hub.subscribeOne(connection, channel);
        receipt(session, frame);
    }

    private void unsubscribe(StompSession session, StompFrame frame) throws StompProtocolException {
        String id = frame.headers().get("id");
        if (id == null && session.version == StompVersion.V1_0) {
            id = frame.headers().get("destination");
        }
        if (id == null || id.isEmpty()) {
            throw new StompProtocolException("UNSUBSCRIBE needs an id header");
        }
        List<StompSession.Pending> handBack;
        boolean last;
        boolean lastOfQueue = false;
        String channel;
        session.lock.lock();
        try {
            StompSession.Subscription subscription = session.subscriptions.get(id);
            if (subscription == null) {
                throw new StompProtocolException("no subscription '" + printable(id) + "'");
            }
            channel = subscription.destination.channel();
            handBack = session.drop(subscription);
            if (subscription.destination.queue()) {
                lastOfQueue = queues.remove(channel, subscription);
            } else {
                handBack = List.of();
            }
            last = !session.otherOn(channel, subscription);
        } finally {
            session.lock.unlock();
        }
        if (last) {
            hub.unsubscribe(session.connection, channel);
        }
        if (lastOfQueue) {
            announce(List.of(channel), true);
        }
        for (StompSession.Pending pending : handBack) {
            redeliver(pending.publication(), null);
        }
        receipt(session, frame);
    }

    // ---- SEND -----------------------------------------------------------------------------------------

    private void publish(StompSession session, StompFrame frame) throws StompProtocolException {
        Connection connection = session.connection;
        String destinationHeader = required(frame, "destination");
        StompDestination destination = StompDestination.of(
                destinationHeader, connection.principal(), false, hub.budgets().channels());
        String channel = destination.channel();
        String text = textOf(frame);
        String receiptId = frame.headers().get("receipt");
        PublicationProperties properties = propertiesOf(frame);
        Optional<String> overBudget = hub.propertyBudget().refusal(properties);
        if (overBudget.isPresent()) {
            throw new StompProtocolException(
                    "SEND to '" + printable(destinationHeader) + "' refused: " + overBudget.get(),
                    CloseCodes.MESSAGE_TOO_BIG);
        }
        if (routes != null && destination.queue()) {
            // In a cluster one node delivers a queue message: the one chosen here, named in the publication.
            properties = PublicationProperties.builder()
                    .addAll(properties)
                    .add(StompQueueRoutes.TARGET, routes.target(channel, queues.has(channel)))
                    .build();
        }
        Runnable accepted = receiptId == null ? () -> {} : () -> sendReceipt(session, receiptId);
        if (text != null) {
            PublishDecision decision = policy.decidePublish(connection, channel, text);
            refuseUnless(decision, destinationHeader);
            hub.publishTracked(
                            channel,
                            decision.rewritten().orElse(text),
                            Optional.of(connection),
                            Optional.empty(),
                            properties,
                            accepted)
                    .whenComplete((count, error) -> refusedByBroker(session, error, receiptId));
        } else {
            // The rules see a binary payload as the Base64 text publications carry it.
            PublishDecision decision = policy.decidePublish(
                    connection, channel, java.util.Base64.getEncoder().encodeToString(frame.body()));
            refuseUnless(decision, destinationHeader);
            hub.publishTracked(
                            channel,
                            ByteBuffer.wrap(frame.body()),
                            Optional.of(connection),
                            Optional.empty(),
                            properties,
                            accepted)
                    .whenComplete((count, error) -> refusedByBroker(session, error, receiptId));
        }
    }

    /**
     * The SEND headers that travel with the publication: the client's own headers as {@code stomp.header:NAME} (STOMP
     * 1.2 §MESSAGE: a MESSAGE frame should carry the SEND frame's user-defined headers), and {@code content-type} as
     * the protocols' shared {@link PublicationProperties#CONTENT_TYPE}. The frame headers that name the frame's own
     * routing, acknowledgement or length never travel, nor a header holding NUL or a name holding a colon (neither
     * could be written to every STOMP version's client).
     */
    static PublicationProperties propertiesOf(StompFrame frame) {
        PublicationProperties.Builder builder = null;
        for (Map.Entry<String, String> header : frame.headers().entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            String property;
            if (name.equals("content-type")) {
                property = PublicationProperties.CONTENT_TYPE;
            } else if (NOT_FORWARDED.contains(name)
                    || name.indexOf(':') >= 0
                    || name.indexOf('\0') >= 0
                    || value.indexOf('\0') >= 0) {
                continue;
            } else {
                property = HEADER_PREFIX + name;
            }
            if (builder == null) {
                builder = PublicationProperties.builder();
            }
            builder.add(property, value);
        }
        return builder == null ? PublicationProperties.NONE : builder.build();
    }

    private static void refuseUnless(PublishDecision decision, String destination) throws StompProtocolException {
        if (!decision.allowed()) {
            throw new StompProtocolException(
                    "SEND to '" + printable(destination) + "' refused: " + decision.message(),
                    CloseCodes.POLICY_VIOLATION);
        }
    }

    private void refusedByBroker(StompSession session, Throwable error, String receiptId) {
        if (error != null) {
            fail(
                    session,
                    new StompProtocolException("the message was not published", CloseCodes.TRY_AGAIN_LATER),
                    receiptId);
        }
    }

    /**
     * The body as text when it is text: a {@code content-type} of {@code text/*} (or JSON or XML), or none and bytes
     * that are valid UTF-8. Null for bytes.
     */
    static String textOf(StompFrame frame) {
        String type = frame.headers().get("content-type");
        if (type != null) {
            String lower = type.toLowerCase(Locale.ROOT);
            boolean textual = lower.startsWith("text/") || lower.contains("json") || lower.contains("xml");
            if (!textual) {
                return null;
            }
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(frame.body()));
            String text = chars.toString();
            // A NUL inside would end the frame for a client reading without content-length.
            return text.indexOf('\0') >= 0 ? null : text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    // ---- ACK / NACK -----------------------------------------------------------------------------------

    private void acknowledge(StompSession session, StompFrame frame, boolean ack) throws StompProtocolException {
        String id = session.version == StompVersion.V1_2
                ? frame.headers().getOrDefault("id", frame.headers().get("message-id"))
                : frame.headers().get("message-id");
        if (id == null || id.isEmpty()) {
            throw new StompProtocolException(frame.command() + " needs "
                    + (session.version == StompVersion.V1_2 ? "an id" : "a message-id") + " header");
        }
        List<StompSession.Pending> settled;
        session.lock.lock();
        try {
            StompSession.Pending pending = session.pendingById.get(id);
            // An id already settled (by a cumulative ACK, say) is no error: the client's view is only later.
            settled = pending == null ? List.of() : session.settle(pending);
        } finally {
            session.lock.unlock();
        }
        if (!ack) {
            for (StompSession.Pending pending : settled) {
                if (pending.subscription().destination.queue()) {
                    redeliver(pending.publication(), null);
                }
                // A NACKed topic message is dropped: a topic has no other subscriber that did not get it already.
            }
        }
        receipt(session, frame);
    }

    // ---- outbound -------------------------------------------------------------------------------------

    /**
     * Delivers a publication to the subscriptions of one connection (see
     * {@link dev.switchboard.spi.SubprotocolHandler#deliverPublication}).
     */
    void deliver(Connection subscriber, Publication publication) {
        StompSession session = sessions.get(subscriber.id());
        if (session == null || session.ended || !session.connected()) {
            return;
        }
        String channel = publication.channel();
        if (channel.startsWith(StompDestination.QUEUE)) {
            if (routes != null && !publication.properties().isEmpty()) {
                Optional<String> target = publication.properties().get(StompQueueRoutes.TARGET);
                if (target.isPresent() && !target.get().equals(routes.nodeId())) {
                    return;
                }
            }
            StompQueues.Consumer chosen = queues.chosen(publication, this::accepts);
            if (chosen != null && chosen.session() == session) {
                deliverTo(session, chosen.subscription(), publication, false);
            }
            return;
        }
        List<StompSession.Subscription> subscriptions;
        session.lock.lock();
        try {
            subscriptions = session.on(channel);
        } finally {
            session.lock.unlock();
        }
        for (StompSession.Subscription subscription : subscriptions) {
            deliverTo(session, subscription, publication, false);
        }
    }

    private boolean accepts(StompQueues.Consumer consumer) {
        StompSession.Subscription subscription = consumer.subscription();
        return subscription.ack == StompSession.AckMode.AUTO || subscription.pendingCount < settings.maxPendingAcks();
    }

    /** Hands a queue message back to a subscriber of its queue other than {@code excluded}; dropped when none. */
    private void redeliver(Publication publication, StompSession excluded) {
        StompQueues.Consumer next = queues.next(publication.channel(), this::accepts, excluded);
        if (next == null) {
            LOG.log(System.Logger.Level.DEBUG, "A handed-back queue message found no subscriber and is dropped");
            return;
        }
        deliverTo(next.session(), next.subscription(), publication, true);
    }

    private void deliverTo(
            StompSession session, StompSession.Subscription subscription, Publication publication, boolean again) {
        boolean overLimit = false;
        boolean gone = false;
        session.lock.lock();
        try {
            if (session.ended || session.subscriptions.get(subscription.id) != subscription) {
                gone = true;
            } else {
                String messageId = session.connection.id() + "-" + session.messageIds.incrementAndGet();
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("subscription", subscription.id);
                headers.put("message-id", messageId);
                headers.put("destination", subscription.destination.destination());
                if (subscription.ack != StompSession.AckMode.AUTO) {
                    if (subscription.pending.size() >= settings.maxPendingAcks()) {
                        overLimit = true;
                    } else {
                        StompSession.Pending pending = new StompSession.Pending(messageId, subscription, publication);
                        subscription.pending.put(messageId, pending);
                        subscription.pendingCount = subscription.pending.size();
                        session.pendingById.put(messageId, pending);
                        if (session.version == StompVersion.V1_2) {
                            headers.put("ack", messageId);
                        }
                    }
                }
                if (!overLimit) {
                    if (again) {
                        headers.put("redelivered", "true");
                    }
                    PublicationProperties properties = publication.properties();
                    headers.put(
                            "content-type",
                            properties
                                    .get(PublicationProperties.CONTENT_TYPE)
                                    .orElse(
                                            publication.binary()
                                                    ? "application/octet-stream"
                                                    : "text/plain;charset=utf-8"));
                    if (!properties.isEmpty()) {
                        forwardHeaders(headers, properties);
                    }
                    if (publication.binary()) {
                        send(session, new StompFrame("MESSAGE", headers, publication.bytes()), true);
                    } else {
                        session.connection.sendText(StompFrameCodec.encodeText(
                                "MESSAGE", headers, publication.message(), version(session)));
                    }
                }
            }
        } finally {
            session.lock.unlock();
        }
        if (gone && again) {
            // The chosen subscriber went away meanwhile: the next one gets it rather than nobody.
            redeliver(publication, session);
        }
        if (overLimit) {
            fail(
                    session,
                    new StompProtocolException(
                            "subscription '" + printable(subscription.id) + "' holds " + settings.maxPendingAcks()
                                    + " unacknowledged messages",
                            CloseCodes.SLOW_CONSUMER),
                    null);
        }
    }

    /** Adds the publisher's own SEND headers to a MESSAGE; the server's headers come first and win a clash. */
    private static void forwardHeaders(Map<String, String> headers, PublicationProperties properties) {
        for (PublicationProperties.Property property : properties.list()) {
            if (property.name().startsWith(HEADER_PREFIX)) {
                headers.putIfAbsent(property.name().substring(HEADER_PREFIX.length()), property.value());
            }
        }
    }

    /** Queues a frame as a text message. */
    private static void send(StompSession session, StompFrame frame) {
        send(session, frame, false);
    }

    /**
     * Queues a frame: a text message, or a binary one for a binary publication (its bytes need not be UTF-8, and
     * content-length tells the client where they end).
     */
    private static void send(StompSession session, StompFrame frame, boolean binary) {
        byte[] bytes = StompFrameCodec.encode(frame, version(session));
        if (binary) {
            session.connection.sendBinary(ByteBuffer.wrap(bytes));
        } else {
            session.connection.sendText(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static StompVersion version(StompSession session) {
        return session.version == null ? StompVersion.V1_2 : session.version;
    }

    private void receipt(StompSession session, StompFrame frame) {
        String receiptId = frame.headers().get("receipt");
        if (receiptId != null && !frame.command().equals("SEND")) {
            sendReceipt(session, receiptId);
        }
    }

    private static void sendReceipt(StompSession session, String receiptId) {
        send(session, StompFrame.of("RECEIPT", Map.of("receipt-id", receiptId), ""));
    }

    /** Sends ERROR and closes, as the specification says a server does after an ERROR. */
    private void fail(StompSession session, StompProtocolException error, String receiptId) {
        if (!session.connection.isOpen()) {
            return;
        }
        session.ended = true;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("message", error.getMessage());
        if (receiptId != null) {
            headers.put("receipt-id", receiptId);
        }
        headers.put("content-type", "text/plain;charset=utf-8");
        send(session, StompFrame.of("ERROR", headers, error.getMessage()));
        closeAfterFlush(session.connection, error.closeCode(), error.getMessage());
    }

    /** Closes once the frames queued before (an ERROR, a RECEIPT) have been written, or after a short wait. */
    private void closeAfterFlush(Connection connection, int code, String reason) {
        long deadline = System.nanoTime() + FLUSH_WAIT.toNanos();
        Runnable[] attempt = new Runnable[1];
        attempt[0] = () -> {
            if (connection.stats().queued() == 0 || System.nanoTime() > deadline) {
                connection.close(code, reason);
            } else {
                hub.scheduler().schedule(attempt[0], FLUSH_POLL);
            }
        };
        attempt[0].run();
    }

    private static String printable(String text) {
        return StompFrameCodec.printable(text);
    }

    /** The number of open STOMP sessions on this node (for monitoring and tests). */
    int sessionCount() {
        return sessions.size();
    }
}
