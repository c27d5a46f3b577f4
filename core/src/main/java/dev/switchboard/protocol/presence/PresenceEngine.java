package dev.switchboard.protocol.presence;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import dev.switchboard.api.event.PresenceChannelEvent;
import dev.switchboard.api.event.PresenceDecision;
import dev.switchboard.api.event.PresenceMemberEvent;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.cluster.AnnouncementBodies;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.Hub;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.PresenceHandler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The presence protocol's engine behind {@link PresenceProtocol}: reads the clients' frames, keeps the
 * {@link PresenceRegistry} and this node's connections, and fans frames out over internal channels through the hub
 * and the broker, so members on every node of a cluster get them. The package documentation describes the behaviour.
 */
@ApplicationScoped
public class PresenceEngine {

    /** The announcement subject of membership changes between nodes. */
    static final String SUBJECT = "presence.members";
    /** The internal channel every presence connection is subscribed to: frames for all members. */
    static final String ALL = ChannelNames.INTERNAL_PREFIX + "presence/all";
    /** The prefix of the internal channel of one presence channel's members. */
    static final String CHANNEL_PREFIX = ChannelNames.INTERNAL_PREFIX + "presence/channel/";
    /** The prefix of the internal channel of one connection: frames for that member only (an invitation). */
    static final String MEMBER_PREFIX = ChannelNames.INTERNAL_PREFIX + "presence/member/";
    /** The prefix of the public channel where a presence channel's membership changes are published as JSON. */
    public static final String PUBLIC_PREFIX = "presence/";
    /** The channel the publish rules are asked about for a publication to every member. */
    static final String ALL_MEMBERS_RULE_CHANNEL = "presence";
    /** Most characters of one announcement body; a longer one is ignored. */
    static final int MAX_BODY = 1_048_576;

    private static final System.Logger LOG = System.getLogger(PresenceEngine.class.getName());

    /** A frame sent with an acknowledgment id and not yet acknowledged. */
    private static final class Pending {
        final String frame;
        long sentNanos;

        Pending(String frame, long sentNanos) {
            this.frame = frame;
            this.sentNanos = sentNanos;
        }
    }

    /** One connection of this node. */
    private static final class Session {
        final Connection connection;
        final ReentrantLock lock = new ReentrantLock();
        final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();

        Session(Connection connection) {
            this.connection = connection;
        }
    }

    /** A frame a client sent that breaks the protocol: the connection closes with 1002. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private Hub hub;
    private ChannelPolicy policy;
    private PresenceSettings settings;
    private Broker broker;
    private PresenceRegistry registry;
    private PresenceWire wire;
    private boolean clustered;
    private String nodeId;
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    /** Other nodes' leases: node id to the {@link System#nanoTime()} it runs out at. */
    private final ConcurrentHashMap<String, Long> leases = new ConcurrentHashMap<>();

    private final List<Future<?>> timers = new ArrayList<>();

    @Inject
    @Any
    Instance<PresenceHandler> handlerBeans;

    private List<PresenceHandler> handlers = List.of();

    /** For the container's client proxy. */
    protected PresenceEngine() {}

    /**
     * Creates the engine.
     *
     * @param hub      the hub
     * @param policy   the subscribe and publish rules
     * @param settings the presence settings
     * @param cluster  the cluster settings
     * @param broker   the broker, which carries membership announcements to the other nodes
     * @param registry the membership registry
     */
    @Inject
    public PresenceEngine(
            Hub hub,
            ChannelPolicy policy,
            PresenceSettings settings,
            ClusterSettings cluster,
            Broker broker,
            PresenceRegistry registry) {
        this.hub = hub;
        this.policy = policy;
        this.settings = settings;
        this.broker = broker;
        this.registry = registry;
        this.wire = new PresenceWire(settings.encodeBase64());
        this.clustered = cluster.enabled();
        this.nodeId = cluster.enabled() ? cluster.nodeId() : "local";
    }

    @PostConstruct
    void start() {
        handlers = handlerBeans == null ? List.of() : BeanLookup.ordered(handlerBeans);
        if (settings.acknowledgment()) {
            timers.add(hub.scheduler()
                    .scheduleWithFixedDelay(
                            this::resendUnacknowledged, settings.ackInterval(), settings.ackInterval()));
        }
        if (clustered) {
            Duration every = settings.lease().dividedBy(3);
            timers.add(hub.scheduler().scheduleWithFixedDelay(this::renewLease, every, every));
            // The other nodes answer with their members, so this node's registry starts complete.
            announce(body("hello"));
        }
    }

    @PreDestroy
    void stop() {
        timers.forEach(timer -> timer.cancel(false));
    }

    // ---- lifecycle ------------------------------------------------------------------------------------

    void open(Connection connection) {
        Session session = new Session(connection);
        sessions.put(connection.id(), session);
        hub.subscribeOne(connection, MEMBER_PREFIX + connection.id());
        // The session message is queued under the delivery lock of the all-members channel, then the subscription
        // made: it comes before any fan-out, and whatever is published once the client has it reaches the client.
        hub.subscribeAfter(connection, ALL, () -> send(session, wire.session(connection.id())));
    }

    void closed(Connection connection) {
        Session session = sessions.remove(connection.id());
        if (session != null) {
            leaveEverything(connection, null);
        }
    }

    // ---- inbound --------------------------------------------------------------------------------------

    void received(Connection connection, String text) {
        Session session = sessions.get(connection.id());
        if (session == null) {
            return;
        }
        try {
            JsonObject frame = parse(text);
            String method = string(frame, "method");
            if (method == null) {
                throw new Malformed("a presence message needs a method");
            }
            String id = id(frame);
            if (PresenceWire.ACKNOWLEDGMENT.equals(method)) {
                acknowledged(session, id);
                return;
            }
            if (id != null) {
                // sgc acknowledges every message that carries an id, at once and whatever it asks.
                connection.sendText(PresenceWire.acknowledgment(id));
            }
            switch (method) {
                case PresenceWire.MEMBER_NEW -> newMember(session, frame);
                case PresenceWire.MEMBER_REMOVE -> removeMember(session);
                case PresenceWire.CHANNEL_MEMBER_NEW -> join(session, frame);
                case PresenceWire.CHANNEL_MEMBER_REMOVE -> leave(session, frame);
                case PresenceWire.PUBLISH_MSG -> publish(session, frame);
                case PresenceWire.GET_MEMBERS -> getMembers(session, frame);
                case PresenceWire.INVITATION -> invite(session, frame);
                default ->
                    LOG.log(
                            System.Logger.Level.DEBUG,
                            "Ignored presence method {0} of connection {1}",
                            LogSafe.of(method),
                            connection.id());
            }
        } catch (Malformed e) {
            connection.close(CloseCodes.PROTOCOL_ERROR, e.getMessage());
        }
    }

    private static JsonObject parse(String text) throws Malformed {
        try (JsonParser parser = Json.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new Malformed("a presence message is one JSON object");
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw new Malformed("a presence message is one JSON object");
            }
            return object;
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw new Malformed("a presence message is one JSON object");
        }
    }

    private String id(JsonObject frame) throws Malformed {
        JsonValue value = frame.get("id");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        String id = PresenceWire.text(value);
        if (id.isEmpty()) {
            return null;
        }
        if (id.length() > settings.maxIdLength()) {
            throw new Malformed("a message id is longer than " + settings.maxIdLength() + " characters");
        }
        return id;
    }

    private static String string(JsonObject object, String name) {
        return object.get(name) instanceof JsonString s ? s.getString() : null;
    }

    /** A string field of a top-level object ({@code member.name}, {@code channel.name}), decoded; null when absent. */
    private static String field(JsonObject frame, String object, String name) throws Malformed {
        if (!(frame.get(object) instanceof JsonObject inner)) {
            return null;
        }
        String value = PresenceWire.text(inner.get(name));
        try {
            return value == null ? null : PresenceWire.decode(value);
        } catch (IllegalArgumentException e) {
            throw new Malformed("a " + object + "." + name + " is not valid sgc@b64: Base64");
        }
    }

    private static String channelOf(JsonObject frame) throws Malformed {
        String name = field(frame, "channel", "name");
        return name == null ? "" : name;
    }

    // ---- members --------------------------------------------------------------------------------------

    private PresenceWire.Member self(Connection connection) {
        return registry.member(connection.id())
                .map(PresenceRegistry.Member::wire)
                .orElse(new PresenceWire.Member(connection.id(), "", ""));
    }

    private void newMember(Session session, JsonObject frame) throws Malformed {
        Connection connection = session.connection;
        String sentName = field(frame, "member", "name");
        String sentInfo = field(frame, "member", "info");
        String name = sentName == null ? "" : sentName;
        String info = sentInfo == null ? "" : sentInfo;
        if (registry.member(connection.id()).isPresent()) {
            error(session, PresenceError.MEMBER_EXISTS, null, null);
            return;
        }
        if (name.length() > settings.maxNameLength()) {
            error(
                    session,
                    PresenceError.MEMBER_DENIED,
                    "A name may have " + settings.maxNameLength() + " characters.",
                    null);
            return;
        }
        if (info.length() > settings.maxInfoLength()) {
            error(
                    session,
                    PresenceError.MEMBER_DENIED,
                    "An info may have " + settings.maxInfoLength() + " characters.",
                    null);
            return;
        }
        Optional<String> refused =
                decide(handler -> handler.onNewMember(new PresenceMemberEvent(connection, name, info)));
        if (refused.isPresent()) {
            error(session, PresenceError.MEMBER_DENIED, refused.get(), null);
            return;
        }
        // The member id is the connection's: a client is never someone else, whatever id it sent.
        PresenceRegistry.Member member = new PresenceRegistry.Member(connection.id(), name, info, nodeId);
        if (!registry.add(member)) {
            error(session, PresenceError.MEMBER_EXISTS, null, null);
            return;
        }
        fanOut(ALL, wire.member(PresenceWire.MEMBER_NEW, member.wire()));
        announce(memberBody(member, List.of()));
    }

    private void removeMember(Session session) {
        if (registry.member(session.connection.id()).isEmpty()) {
            error(session, PresenceError.NO_MEMBER, null, null);
            return;
        }
        leaveEverything(session.connection, session);
    }

    /**
     * Takes a member out of every channel and out of the members: channel@member@remove to each channel's members,
     * then member@remove to all. {@code self} gets its own removals too when it is still connected.
     */
    private void leaveEverything(Connection connection, Session self) {
        PresenceRegistry.Removal removal = registry.remove(connection.id());
        if (removal == null) {
            return;
        }
        PresenceWire.Member member = removal.member().wire();
        for (String channel : removal.channels()) {
            int count = registry.count(channel);
            String frame = wire.channelMember(PresenceWire.CHANNEL_MEMBER_REMOVE, member, channel);
            if (self != null) {
                hub.unsubscribe(connection, CHANNEL_PREFIX + channel);
                send(self, frame);
            }
            fanOut(CHANNEL_PREFIX + channel, frame);
            publishChange("leave", channel, removal.member(), count);
        }
        fanOut(ALL, wire.member(PresenceWire.MEMBER_REMOVE, member));
        announce(body("gone").add("id", connection.id()));
    }

    // ---- channels -------------------------------------------------------------------------------------

    /** Why a channel name a client sent cannot be a presence channel, or empty when it can. */
    private Optional<String> invalid(String channel) {
        try {
            ChannelNames.check(channel, hub.budgets().channels(), false);
        } catch (ChannelNames.InvalidChannelException e) {
            return Optional.of(e.getMessage());
        }
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (c == ',' || c == '*' || c == '?' || c == '[') {
                // The hub reads these as lists and masks; a presence channel is one literal name.
                return Optional.of("a presence channel name must not contain , * ? or [");
            }
        }
        return Optional.empty();
    }

    /** A member and the channel it asked to join or invite to, after the checks both requests share. */
    private record Joinable(Connection connection, PresenceRegistry.Member member, String channel) {}

    /**
     * The checks of a join and of an invitation: the requester is a member, the channel is named, valid, and the
     * subscribe rules let the requester in. On a refusal the error is sent and the result is empty.
     */
    private Optional<Joinable> joinable(Session session, JsonObject frame) throws Malformed {
        Connection connection = session.connection;
        String channel = ChannelNames.canonical(channelOf(frame));
        Optional<PresenceRegistry.Member> member = registry.member(connection.id());
        if (member.isEmpty()) {
            error(session, PresenceError.NO_MEMBER, null, channel);
            return Optional.empty();
        }
        if (channel.isEmpty()) {
            error(session, PresenceError.NO_CHANNEL, null, channel);
            return Optional.empty();
        }
        Optional<String> invalid = invalid(channel);
        if (invalid.isPresent()) {
            error(session, PresenceError.SUBSCRIPTION_DENIED, invalid.get(), channel);
            return Optional.empty();
        }
        SubscribeDecision decision = policy.decideSubscribe(connection, channel);
        if (!decision.allowed()) {
            error(session, PresenceError.SUBSCRIPTION_DENIED, decision.message(), channel);
            return Optional.empty();
        }
        return Optional.of(new Joinable(connection, member.get(), channel));
    }

    private void join(Session session, JsonObject frame) throws Malformed {
        Optional<Joinable> joinable = joinable(session, frame);
        if (joinable.isEmpty()) {
            return;
        }
        Connection connection = joinable.get().connection();
        Optional<PresenceRegistry.Member> member = Optional.of(joinable.get().member());
        String channel = joinable.get().channel();
        Optional<String> refused = decide(handler -> handler.onNewChannelMember(
                new PresenceChannelEvent(connection, member.get().name(), channel)));
        if (refused.isPresent()) {
            error(session, PresenceError.SUBSCRIPTION_DENIED, refused.get(), channel);
            return;
        }
        Optional<String> overBudget = hub.subscriptionRefusal(connection, CHANNEL_PREFIX + channel);
        if (overBudget.isPresent()) {
            hub.budgetRefused(connection);
            error(session, PresenceError.SUBSCRIPTION_DENIED, overBudget.get(), channel);
            return;
        }
        switch (registry.join(
                connection.id(), channel, settings.maxMembersPerChannel(), settings.maxChannelsPerMember())) {
            case NO_MEMBER -> error(session, PresenceError.NO_MEMBER, null, channel);
            case ALREADY -> error(session, PresenceError.SUBSCRIPTION_EXISTS, null, channel);
            case CHANNEL_FULL -> {
                hub.budgetRefused(connection);
                error(
                        session,
                        PresenceError.SUBSCRIPTION_DENIED,
                        "A channel may have " + settings.maxMembersPerChannel() + " members.",
                        channel);
            }
            case MEMBER_FULL -> {
                hub.budgetRefused(connection);
                error(
                        session,
                        PresenceError.SUBSCRIPTION_DENIED,
                        "A member may join " + settings.maxChannelsPerMember() + " channels.",
                        channel);
            }
            case JOINED -> {
                // Counted, and published on presence/NAME, before the members are told: a join that follows ours
                // (once the joiner saw our answer) is then neither counted in our event nor published before it.
                publishChange("join", channel, member.get(), registry.count(channel));
                hub.subscribeOne(connection, CHANNEL_PREFIX + channel);
                fanOut(
                        CHANNEL_PREFIX + channel,
                        wire.channelMember(
                                PresenceWire.CHANNEL_MEMBER_NEW, member.get().wire(), channel));
                announce(body("join").add("id", connection.id()).add("channel", channel));
            }
        }
    }

    private void leave(Session session, JsonObject frame) throws Malformed {
        Connection connection = session.connection;
        String channel = ChannelNames.canonical(channelOf(frame));
        switch (registry.leave(connection.id(), channel)) {
            case NO_MEMBER -> error(session, PresenceError.NO_MEMBER, null, channel);
            case NO_CHANNEL -> error(session, PresenceError.NO_CHANNEL, null, channel);
            case NOT_IN -> error(session, PresenceError.NO_SUBSCRIPTION, null, channel);
            case LEFT -> {
                int count = registry.count(channel);
                PresenceRegistry.Member member =
                        registry.member(connection.id()).orElseThrow();
                String removed = wire.channelMember(PresenceWire.CHANNEL_MEMBER_REMOVE, member.wire(), channel);
                // Unsubscribed first and told directly: the fan-out may be delivered after this returns.
                hub.unsubscribe(connection, CHANNEL_PREFIX + channel);
                send(session, removed);
                fanOut(CHANNEL_PREFIX + channel, removed);
                publishChange("leave", channel, member, count);
                announce(body("leave").add("id", connection.id()).add("channel", channel));
            }
        }
    }

    private void publish(Session session, JsonObject frame) throws Malformed {
        Connection connection = session.connection;
        String channel = ChannelNames.canonical(channelOf(frame));
        String text = field(frame, "message", "text");
        text = text == null ? "" : text;
        Optional<PresenceRegistry.Member> member = registry.member(connection.id());
        if (member.isEmpty()) {
            publishError(session, PresenceError.NO_MEMBER, null, channel);
            return;
        }
        if (!channel.isEmpty() && !registry.exists(channel)) {
            publishError(session, PresenceError.NO_CHANNEL, null, channel);
            return;
        }
        PublishDecision decision =
                policy.decidePublish(connection, channel.isEmpty() ? ALL_MEMBERS_RULE_CHANNEL : channel, text);
        if (!decision.allowed()) {
            publishError(session, PresenceError.PUBLISH_DENIED, decision.message(), channel);
            return;
        }
        String out = wire.published(
                member.get().wire(), channel, decision.rewritten().orElse(text));
        fanOut(channel.isEmpty() ? ALL : CHANNEL_PREFIX + channel, out);
    }

    private void getMembers(Session session, JsonObject frame) throws Malformed {
        Connection connection = session.connection;
        String channel = ChannelNames.canonical(channelOf(frame));
        Optional<PresenceRegistry.Member> member = registry.member(connection.id());
        if (member.isEmpty()) {
            error(session, PresenceError.NO_MEMBER, null, channel);
            return;
        }
        if (!channel.isEmpty()) {
            if (!registry.exists(channel)) {
                error(session, PresenceError.NO_CHANNEL, null, channel);
                return;
            }
            // Who is in a channel is for those who may join it.
            SubscribeDecision decision = policy.decideSubscribe(connection, channel);
            if (!decision.allowed()) {
                error(session, PresenceError.SEND_MEMBERS_DENIED, decision.message(), channel);
                return;
            }
        }
        List<PresenceWire.Member> members = new ArrayList<>();
        for (PresenceRegistry.Member m : registry.members(channel, settings.maxMembersPerChannel())) {
            members.add(m.wire());
        }
        send(session, wire.members(member.get().wire(), channel, members));
    }

    private void invite(Session session, JsonObject frame) throws Malformed {
        Optional<Joinable> joinable = joinable(session, frame);
        if (joinable.isEmpty()) {
            return;
        }
        Connection connection = joinable.get().connection();
        Optional<PresenceRegistry.Member> member = Optional.of(joinable.get().member());
        String channel = joinable.get().channel();
        if (!(frame.get("members") instanceof JsonArray invitees) || invitees.isEmpty()) {
            error(session, PresenceError.NO_MEMBER, "An invitation names its members.", channel);
            return;
        }
        if (invitees.size() > settings.maxInvitees()) {
            error(
                    session,
                    PresenceError.SUBSCRIPTION_DENIED,
                    "An invitation may name " + settings.maxInvitees() + " members.",
                    channel);
            return;
        }
        String invitation = wire.invitation(member.get().wire(), channel);
        for (JsonValue invitee : invitees) {
            String id = invitee instanceof JsonObject object ? PresenceWire.text(object.get("id")) : null;
            if (id == null || registry.member(id).isEmpty()) {
                error(session, PresenceError.NO_MEMBER, null, channel);
                continue;
            }
            fanOut(MEMBER_PREFIX + id, invitation);
        }
    }

    /** Asks the application's presence handlers in order; the first denial's message, or empty when all allow. */
    private Optional<String> decide(Function<PresenceHandler, PresenceDecision> ask) {
        for (PresenceHandler handler : handlers) {
            try {
                PresenceDecision decision = ask.apply(handler);
                if (decision != null && !decision.allowed()) {
                    return Optional.of(decision.message());
                }
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Presence handler " + handler.getClass().getName() + " failed",
                        e);
                return Optional.of("Internal error");
            }
        }
        return Optional.empty();
    }

    private void error(Session session, PresenceError error, String detail, String channel) {
        send(session, wire.error(PresenceWire.ERROR_MEMBER_CHANNEL, error, detail, channel, self(session.connection)));
    }

    private void publishError(Session session, PresenceError error, String detail, String channel) {
        send(session, wire.error(PresenceWire.ERROR_PUBLISH_MSG, error, detail, channel, self(session.connection)));
    }

    // ---- outbound -------------------------------------------------------------------------------------

    /** Publishes a frame on an internal channel: the broker takes it to the subscribers on every node. */
    private void fanOut(String channel, String frame) {
        try {
            hub.publish(channel, frame);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "A presence frame for " + LogSafe.of(channel) + " was not published",
                    e);
        }
    }

    /**
     * Publishes a membership change on the public channel {@code presence/NAME}, for SSE and other clients.
     *
     * @param count the channel's members right after the change, read before anyone was told of it
     */
    private void publishChange(String event, String channel, PresenceRegistry.Member member, int count) {
        String public_ = PUBLIC_PREFIX + channel;
        String body = Json.createObjectBuilder()
                .add("event", event)
                .add("channel", channel)
                .add(
                        "member",
                        Json.createObjectBuilder()
                                .add("id", member.id())
                                .add("name", member.name())
                                .add("info", member.info()))
                .add("members", count)
                .build()
                .toString();
        fanOut(public_, body);
    }

    /**
     * Delivers a publication of an internal channel to one of this node's connections. Only the server publishes
     * there (the channel policy refuses clients), and a publication with a publishing connection is dropped besides.
     */
    void deliver(Connection subscriber, Publication publication) {
        if (publication.publisher().isPresent()
                || publication.binary()
                || !publication.channel().startsWith(ChannelNames.INTERNAL_PREFIX + "presence/")) {
            return;
        }
        Session session = sessions.get(subscriber.id());
        if (session != null) {
            send(session, publication.message());
        }
    }

    /** Sends a frame to one connection; with acknowledgments on, with an id and kept until acknowledged. */
    private void send(Session session, String frame) {
        if (!settings.acknowledgment()) {
            session.connection.sendText(frame);
            return;
        }
        String id = UUID.randomUUID().toString();
        String text = PresenceWire.withId(frame, id);
        session.lock.lock();
        try {
            session.pending.put(id, new Pending(text, System.nanoTime()));
            if (session.pending.size() > settings.maxPendingAcks()) {
                // The bound on what a client that never acknowledges makes the server keep.
                Iterator<String> oldest = session.pending.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        } finally {
            session.lock.unlock();
        }
        session.connection.sendText(text);
    }

    private void acknowledged(Session session, String id) {
        if (id == null) {
            return;
        }
        session.lock.lock();
        try {
            session.pending.remove(id);
        } finally {
            session.lock.unlock();
        }
    }

    private void resendUnacknowledged() {
        long now = System.nanoTime();
        long timeout = settings.ackTimeout().toNanos();
        for (Session session : sessions.values()) {
            List<String> again = new ArrayList<>();
            session.lock.lock();
            try {
                for (Pending pending : session.pending.values()) {
                    if (now - pending.sentNanos >= timeout) {
                        pending.sentNanos = now;
                        again.add(pending.frame);
                    }
                }
            } finally {
                session.lock.unlock();
            }
            again.forEach(session.connection::sendText);
        }
    }

    // ---- cluster --------------------------------------------------------------------------------------

    private jakarta.json.JsonObjectBuilder body(String op) {
        return Json.createObjectBuilder().add("node", nodeId).add("op", op);
    }

    private jakarta.json.JsonObjectBuilder memberBody(PresenceRegistry.Member member, List<String> channels) {
        JsonArrayBuilder names = Json.createArrayBuilder();
        channels.forEach(names::add);
        return body("member")
                .add("id", member.id())
                .add("name", member.name())
                .add("info", member.info())
                .add("channels", names);
    }

    private void announce(jakarta.json.JsonObjectBuilder body) {
        if (!clustered) {
            return;
        }
        try {
            broker.announce(new Broker.Announcement(SUBJECT, body.build().toString()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "A presence membership change was not announced", e);
        }
    }

    private void renewLease() {
        try {
            announce(body("renew"));
            long now = System.nanoTime();
            for (Map.Entry<String, Long> lease : leases.entrySet()) {
                if (now - lease.getValue() >= 0 && leases.remove(lease.getKey(), lease.getValue())) {
                    nodeLost(lease.getKey());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Renewing this node's presence lease failed", e);
        }
    }

    /**
     * A node's lease ran out: its members are gone. Every node tells its own connections, so the frames go to this
     * node's sessions directly rather than over the broker.
     */
    private void nodeLost(String node) {
        List<PresenceRegistry.Removal> removals = registry.removeNode(node);
        if (!removals.isEmpty()) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "Presence node {0} stopped renewing its lease: {1} of its members removed",
                    LogSafe.of(node),
                    removals.size());
        }
        for (PresenceRegistry.Removal removal : removals) {
            PresenceWire.Member member = removal.member().wire();
            for (String channel : removal.channels()) {
                String frame = wire.channelMember(PresenceWire.CHANNEL_MEMBER_REMOVE, member, channel);
                for (PresenceRegistry.Member local : registry.members(channel, Integer.MAX_VALUE)) {
                    Session session = sessions.get(local.id());
                    if (session != null) {
                        send(session, frame);
                    }
                }
            }
            String gone = wire.member(PresenceWire.MEMBER_REMOVE, member);
            sessions.values().forEach(session -> send(session, gone));
        }
    }

    /**
     * Takes another node's membership announcement. Other subjects are not this bean's; a malformed one is logged
     * and ignored.
     *
     * @param announcement what another node announced
     */
    void announced(@Observes Broker.Announcement announcement) {
        if (!clustered || !SUBJECT.equals(announcement.subject())) {
            return;
        }
        JsonObject body = AnnouncementBodies.object(announcement.body(), MAX_BODY)
                .filter(object -> object.get("node") instanceof JsonString && object.get("op") instanceof JsonString)
                .orElse(null);
        if (body == null) {
            LOG.log(System.Logger.Level.WARNING, "Ignored a malformed {0} announcement", SUBJECT);
            return;
        }
        String node = body.getString("node");
        if (node.equals(nodeId)) {
            return;
        }
        Long known = leases.put(node, System.nanoTime() + settings.lease().toNanos());
        String op = body.getString("op");
        if (known == null && !op.equals("hello")) {
            // A node this one did not know, or had given up on: it is asked for its members again.
            announce(body("hello"));
        }
        String id = string(body, "id");
        String channel = string(body, "channel");
        switch (op) {
            case "hello" -> {
                for (PresenceRegistry.Removal local : registry.ofNode(nodeId)) {
                    announce(memberBody(local.member(), local.channels()));
                }
            }
            case "member" -> {
                if (id != null) {
                    registry.add(new PresenceRegistry.Member(
                            id,
                            Optional.ofNullable(string(body, "name")).orElse(""),
                            Optional.ofNullable(string(body, "info")).orElse(""),
                            node));
                    if (body.get("channels") instanceof JsonArray channels) {
                        for (JsonValue value : channels) {
                            if (value instanceof JsonString name) {
                                registry.join(id, name.getString(), Integer.MAX_VALUE, Integer.MAX_VALUE);
                            }
                        }
                    }
                }
            }
            case "gone" -> {
                if (id != null) {
                    registry.remove(id);
                }
            }
            case "join" -> {
                if (id != null && channel != null) {
                    registry.join(id, channel, Integer.MAX_VALUE, Integer.MAX_VALUE);
                }
            }
            case "leave" -> {
                if (id != null && channel != null) {
                    registry.leave(id, channel);
                }
            }
            default -> {
                // "renew" and subjects of newer nodes: the lease above is all they mean here.
            }
        }
    }
}
