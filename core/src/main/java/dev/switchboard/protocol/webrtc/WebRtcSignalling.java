package dev.switchboard.protocol.webrtc;

import dev.switchboard.api.Audience;
import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.RpcException;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.channel.Glob;
import dev.switchboard.cluster.AnnouncementBodies;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.Hub;
import dev.switchboard.spi.Broker;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The WebRTC signalling relay behind {@link WebRtcProtocol}: peers join a channel, and the SDP offers and answers and
 * the ICE candidates one peer sends reach the channel's other peers unchanged. The package documentation describes
 * the wire format and the decisions.
 *
 * <p>Relayed frames are broadcasts to the subscribers of the channel's internal channel
 * ({@code /internal/webrtc/channel/NAME}) through the broker, so they reach peers on every node of a cluster; a
 * hang-up reaches the other nodes as an announcement ({@value #SUBJECT}), and each node sends its own peers the
 * {@code bye} and closes them. Each node announces how many peers each channel has there ({@value #PEERS_SUBJECT})
 * when that changes and again every third of the lease, and counts the other nodes' peers until their lease runs
 * out: the join count and the bound on peers cover the cluster, as far as the announcements have arrived.
 *
 * <p>Thread-safe: one lock guards the membership; per-connection calls are serial.
 */
@ApplicationScoped
public class WebRtcSignalling {

    /** The subprotocol token. */
    public static final String TOKEN = "webrtc.esegece.com";

    /** The announcement subject of hang-ups. */
    static final String SUBJECT = "webrtc.hangup";

    /** The announcement subject of a node's peer counts per channel. */
    static final String PEERS_SUBJECT = "webrtc.peers";

    /** Most channels one peer-count announcement names; a renewal of more is split. */
    private static final int CHANNELS_PER_ANNOUNCEMENT = 200;

    /** The prefix of a channel's internal channel; no client subscribes or publishes there. */
    static final String CHANNEL_PREFIX = ChannelNames.INTERNAL_PREFIX + "webrtc/channel/";

    /** The prefix of the name the permission rules see for a channel: {@code webrtc/NAME}. */
    public static final String RULE_PREFIX = "webrtc/";

    /** What a frame may hold besides its signal: method, channel, id and JSON punctuation. */
    private static final int FRAME_OVERHEAD = 4096;

    private static final int MAX_ANNOUNCEMENT = 1 << 20;
    private static final System.Logger LOG = System.getLogger(WebRtcSignalling.class.getName());

    /** A refusal of a client's request: the JSON-RPC error it gets. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Refused(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** One connection of this node: its channels and the candidates it relayed in each. */
    private static final class Peer {
        final Connection connection;
        /** Channel name to the number of candidates relayed since the join; guarded by the signalling's lock. */
        final Map<String, Integer> channels = new HashMap<>();
        /** The channels where another peer's hang-up closes this connection: its close hangs nobody up there. */
        final Set<String> hungUpIn = ConcurrentHashMap.newKeySet();

        Peer(Connection connection) {
            this.connection = connection;
        }
    }

    private Hub hub;
    private ChannelPolicy policy;
    private Broker broker;
    private WebRtcSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    /** This node's peers of each channel, by connection id, in joining order; guarded by {@link #lock}. */
    private final Map<String, Set<String>> members = new HashMap<>();

    private final ConcurrentHashMap<String, Peer> peers = new ConcurrentHashMap<>();

    /** A count of another node's peers in a channel, and when it lapses. */
    private record RemoteCount(int peers, long expiresNanos) {}

    /** Other nodes' peers: channel to node to count; guarded by {@link #lock}. */
    private final Map<String, Map<String, RemoteCount>> remote = new HashMap<>();

    private boolean clustered;
    private String nodeId = "local";
    private Future<?> renewal;

    /** For the container's client proxy. */
    protected WebRtcSignalling() {}

    /**
     * Creates the relay.
     *
     * @param hub      the hub: subscriptions, broadcasts and disconnects
     * @param policy   the subscribe and publish rules, asked for joins and signals
     * @param broker   carries hang-ups to the other nodes
     * @param settings the bounds, ICE servers and hang-up behaviour
     * @param cluster  whether peers on other nodes are counted, and this node's id
     */
    @Inject
    public WebRtcSignalling(
            Hub hub, ChannelPolicy policy, Broker broker, WebRtcSettings settings, ClusterSettings cluster) {
        this.hub = hub;
        this.policy = policy;
        this.broker = broker;
        this.settings = settings;
        this.clustered = cluster.enabled();
        if (clustered) {
            this.nodeId = cluster.nodeId();
        }
    }

    @PostConstruct
    void start() {
        if (clustered) {
            Duration every = settings.lease().dividedBy(3);
            renewal = hub.scheduler().scheduleWithFixedDelay(this::renew, every, every);
        }
    }

    @PreDestroy
    void stop() {
        if (renewal != null) {
            renewal.cancel(false);
        }
    }

    // ---- connections ----------------------------------------------------------------------------------

    void open(Connection connection) {
        peers.put(connection.id(), new Peer(connection));
        if (!settings.iceServers().isEmpty()) {
            // The sgc server sends this bare object (no jsonrpc member) before anything else.
            String user = connection.principal().map(Principal::getName).orElse(connection.id());
            connection.sendText(Json.createObjectBuilder()
                    .add("method", "sgc@iceservers")
                    .add("iceservers", settings.iceServers().configuration(user, Instant.now()))
                    .build()
                    .toString());
        }
    }

    void closed(Connection connection) {
        Peer peer = peers.remove(connection.id());
        if (peer == null) {
            return;
        }
        List<String> left;
        lock.lock();
        try {
            left = new ArrayList<>(peer.channels.keySet());
            for (String channel : left) {
                removeMember(channel, connection.id());
            }
            peer.channels.clear();
        } finally {
            lock.unlock();
        }
        announceCounts(left);
        for (String channel : left) {
            if (!peer.hungUpIn.contains(channel)) {
                hangUp(channel, connection.id());
            }
        }
    }

    // ---- inbound --------------------------------------------------------------------------------------

    void received(Connection connection, String text) {
        Peer peer = peers.get(connection.id());
        if (peer == null) {
            return;
        }
        int limit = settings.maxSdpBytes() + FRAME_OVERHEAD;
        if (text.length() > limit) {
            hub.budgetRefused(connection);
            connection.sendText(
                    error(null, RpcException.BUDGET_EXCEEDED, "a frame holds at most " + limit + " characters"));
            return;
        }
        Optional<JsonObject> parsed = AnnouncementBodies.object(text, limit);
        if (parsed.isEmpty()) {
            connection.sendText(error(null, RpcException.PARSE_ERROR, "a frame is one JSON object"));
            return;
        }
        JsonObject frame = parsed.get();
        JsonValue id =
                frame.get("id") instanceof JsonString || frame.get("id") instanceof JsonNumber ? frame.get("id") : null;
        try {
            if (!(frame.get("method") instanceof JsonString method)) {
                throw new Refused(RpcException.INVALID_REQUEST, "a frame has a method");
            }
            switch (method.getString()) {
                case "sgc@subscribe" -> join(peer, channel(frame));
                case "sgc@unsubscribe" -> leave(peer, channel(frame));
                case "sgc@webrtc" -> signal(peer, channel(frame), frame.get("webrtc"));
                default ->
                    throw new Refused(
                            RpcException.METHOD_NOT_FOUND,
                            "the WebRTC protocol has sgc@subscribe, sgc@unsubscribe and sgc@webrtc");
            }
        } catch (Refused refused) {
            if (refused.code == RpcException.BUDGET_EXCEEDED) {
                hub.budgetRefused(connection);
            }
            connection.sendText(error(id, refused.code, refused.getMessage()));
        }
    }

    private void join(Peer peer, String channel) throws Refused {
        Connection connection = peer.connection;
        SubscribeDecision decision = policy.decideSubscribe(connection, RULE_PREFIX + channel);
        if (!decision.allowed()) {
            throw new Refused(RpcException.FORBIDDEN, decision.message());
        }
        int count;
        lock.lock();
        try {
            Set<String> here = members.getOrDefault(channel, Set.of());
            if (!here.contains(connection.id())) {
                if (peer.channels.size() >= settings.maxChannels()) {
                    throw new Refused(
                            RpcException.BUDGET_EXCEEDED,
                            "a connection joins at most " + settings.maxChannels() + " channels");
                }
                if (here.size() + remotePeers(channel) >= settings.maxPeers()) {
                    throw new Refused(
                            RpcException.BUDGET_EXCEEDED,
                            "channel '" + channel + "' has " + settings.maxPeers() + " peers");
                }
                members.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(connection.id());
            }
            peer.channels.put(channel, 0);
            count = members.get(channel).size() + remotePeers(channel);
        } finally {
            lock.unlock();
        }
        announceCounts(List.of(channel));
        hub.subscribeOne(connection, CHANNEL_PREFIX + channel);
        // The count tells the JavaScript client whether it is the caller: the peer that makes two makes the offer.
        connection.sendText(Json.createObjectBuilder()
                .add("jsonrpc", "2.0")
                .add("method", "sgc@subscribe")
                .add(
                        "params",
                        Json.createObjectBuilder()
                                .add("message", Integer.toString(count))
                                .add("channel", channel))
                .build()
                .toString());
    }

    private void leave(Peer peer, String channel) throws Refused {
        Connection connection = peer.connection;
        lock.lock();
        try {
            if (peer.channels.remove(channel) == null) {
                throw new Refused(RpcException.INVALID_PARAMS, "not a peer of channel '" + channel + "'");
            }
            removeMember(channel, connection.id());
        } finally {
            lock.unlock();
        }
        announceCounts(List.of(channel));
        hub.unsubscribe(connection, CHANNEL_PREFIX + channel);
        connection.sendText(Json.createObjectBuilder()
                .add("jsonrpc", "2.0")
                .add("method", "sgc@unsubscribe")
                .add("params", Json.createObjectBuilder().add("channel", channel))
                .build()
                .toString());
        hangUp(channel, connection.id());
    }

    private void signal(Peer peer, String channel, JsonValue signal) throws Refused {
        Connection connection = peer.connection;
        if (!(signal instanceof JsonObject object)) {
            throw new Refused(RpcException.INVALID_PARAMS, "'webrtc' is the signal, a JSON object");
        }
        String text = object.toString();
        if (text.getBytes(StandardCharsets.UTF_8).length > settings.maxSdpBytes()) {
            throw new Refused(
                    RpcException.BUDGET_EXCEEDED, "a signal holds at most " + settings.maxSdpBytes() + " bytes");
        }
        boolean candidate = "candidate".equals(object.getString("type", null));
        lock.lock();
        try {
            Integer candidates = peer.channels.get(channel);
            if (candidates == null) {
                throw new Refused(RpcException.INVALID_PARAMS, "not a peer of channel '" + channel + "'");
            }
            if (candidate) {
                if (candidates >= settings.maxCandidates()) {
                    throw new Refused(
                            RpcException.BUDGET_EXCEEDED,
                            "a peer relays at most " + settings.maxCandidates() + " candidates per join");
                }
                peer.channels.put(channel, candidates + 1);
            }
        } finally {
            lock.unlock();
        }
        PublishDecision decision = policy.decidePublish(connection, RULE_PREFIX + channel, text);
        if (!decision.allowed()) {
            throw new Refused(RpcException.FORBIDDEN, decision.message());
        }
        hub.broadcast(
                relayed(channel, object),
                Audience.channel(CHANNEL_PREFIX + channel).excluding(Set.of(connection.id())));
    }

    // ---- hang-ups -------------------------------------------------------------------------------------

    /**
     * A peer left a channel or closed: the others get a {@code bye}, and with {@code CloseSessionOnHangup} they are
     * disconnected. This node tells its own peers; the other nodes hear of the hang-up by one announcement and tell
     * theirs. One message per node carries both the {@code bye} and the disconnect, so no peer is closed before its
     * {@code bye} (a broadcast and an announcement travel apart and may overtake each other).
     */
    private void hangUp(String channel, String leaver) {
        hungUp(channel, leaver);
        broker.announce(new Broker.Announcement(
                SUBJECT,
                Json.createObjectBuilder()
                        .add("channel", channel)
                        .add("leaver", leaver)
                        .build()
                        .toString()));
    }

    /** Sends this node's other peers of a channel a {@code bye}, and closes them when the settings say so. */
    private void hungUp(String channel, String leaver) {
        List<String> others;
        lock.lock();
        try {
            others = new ArrayList<>(members.getOrDefault(channel, Set.of()));
        } finally {
            lock.unlock();
        }
        String bye =
                relayed(channel, Json.createObjectBuilder().add("type", "bye").build());
        for (String id : others) {
            Peer other = peers.get(id);
            if (other == null || id.equals(leaver)) {
                continue;
            }
            other.connection.sendText(bye);
            if (settings.closeSessionOnHangup()) {
                other.hungUpIn.add(channel);
                other.connection.close(CloseCodes.NORMAL, "the other peer hung up");
            }
        }
    }

    /**
     * Tells this node's peers of a channel that another node's peer hung up (a {@code bye}, and a close when the
     * settings say so). Other subjects are not this bean's; a body that does not read is ignored.
     *
     * @param announcement what another node announced
     */
    void announced(@Observes Broker.Announcement announcement) {
        if (PEERS_SUBJECT.equals(announcement.subject())) {
            countsAnnounced(announcement.body());
            return;
        }
        if (!SUBJECT.equals(announcement.subject())) {
            return;
        }
        Optional<JsonObject> body = AnnouncementBodies.object(announcement.body(), MAX_ANNOUNCEMENT);
        if (body.isEmpty()
                || !(body.get().get("channel") instanceof JsonString channel)
                || !(body.get().get("leaver") instanceof JsonString leaver)) {
            LOG.log(System.Logger.Level.WARNING, "A WebRTC hang-up announcement was ignored");
            return;
        }
        hungUp(channel.getString(), leaver.getString());
    }

    // ---- peer counts across a cluster -----------------------------------------------------------------

    /** Other nodes' unexpired peers of a channel; expired counts are dropped. Called with {@link #lock} held. */
    private int remotePeers(String channel) {
        Map<String, RemoteCount> nodes = remote.get(channel);
        if (nodes == null) {
            return 0;
        }
        long now = System.nanoTime();
        int sum = 0;
        for (var entry : new ArrayList<>(nodes.entrySet())) {
            if (entry.getValue().expiresNanos() - now > 0) {
                sum += entry.getValue().peers();
            } else {
                nodes.remove(entry.getKey());
            }
        }
        if (nodes.isEmpty()) {
            remote.remove(channel);
        }
        return sum;
    }

    /** Tells the other nodes how many peers these channels have here now. */
    private void announceCounts(List<String> channels) {
        if (!clustered || channels.isEmpty()) {
            return;
        }
        JsonObjectBuilder counts = Json.createObjectBuilder();
        lock.lock();
        try {
            for (String channel : channels) {
                counts.add(channel, members.getOrDefault(channel, Set.of()).size());
            }
        } finally {
            lock.unlock();
        }
        broker.announce(new Broker.Announcement(
                PEERS_SUBJECT,
                Json.createObjectBuilder()
                        .add("node", nodeId)
                        .add("channels", counts)
                        .build()
                        .toString()));
    }

    /** Renews this node's counts with the other nodes, and forgets their lapsed ones. */
    private void renew() {
        try {
            List<String> channels;
            lock.lock();
            try {
                channels = new ArrayList<>(members.keySet());
                new ArrayList<>(remote.keySet()).forEach(this::remotePeers);
            } finally {
                lock.unlock();
            }
            for (int from = 0; from < channels.size(); from += CHANNELS_PER_ANNOUNCEMENT) {
                announceCounts(channels.subList(from, Math.min(channels.size(), from + CHANNELS_PER_ANNOUNCEMENT)));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Renewing this node's WebRTC peer counts failed", e);
        }
    }

    private void countsAnnounced(String text) {
        Optional<JsonObject> body = AnnouncementBodies.object(text, MAX_ANNOUNCEMENT);
        if (body.isEmpty()
                || !(body.get().get("node") instanceof JsonString node)
                || !(body.get().get("channels") instanceof JsonObject channels)) {
            LOG.log(System.Logger.Level.WARNING, "A WebRTC peer-count announcement was ignored");
            return;
        }
        long expires = System.nanoTime() + settings.lease().toNanos();
        lock.lock();
        try {
            for (var entry : channels.entrySet()) {
                if (!(entry.getValue() instanceof JsonNumber number)) {
                    continue;
                }
                int count = number.intValue();
                if (count <= 0) {
                    Map<String, RemoteCount> nodes = remote.get(entry.getKey());
                    if (nodes != null && nodes.remove(node.getString()) != null && nodes.isEmpty()) {
                        remote.remove(entry.getKey());
                    }
                } else {
                    remote.computeIfAbsent(entry.getKey(), c -> new HashMap<>())
                            .put(node.getString(), new RemoteCount(count, expires));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- frames ---------------------------------------------------------------------------------------

    private void removeMember(String channel, String id) {
        Set<String> here = members.get(channel);
        if (here != null && here.remove(id) && here.isEmpty()) {
            members.remove(channel);
        }
    }

    /** The channel a frame names in {@code params.channel}: one name, canonical, no list and no mask. */
    private String channel(JsonObject frame) throws Refused {
        if (!(frame.get("params") instanceof JsonObject params)
                || !(params.get("channel") instanceof JsonString name)) {
            throw new Refused(RpcException.INVALID_PARAMS, "'params.channel' names the channel");
        }
        List<String> names;
        try {
            names = hub.clientChannels(name.getString());
        } catch (ChannelNames.InvalidChannelException e) {
            throw new Refused(RpcException.INVALID_PARAMS, e.getMessage());
        }
        if (names.size() != 1 || Glob.hasWildcards(names.get(0))) {
            throw new Refused(
                    RpcException.INVALID_PARAMS, "a WebRTC channel is one name, without ',', '*', '?' or '['");
        }
        return names.get(0);
    }

    private static String relayed(String channel, JsonObject signal) {
        return Json.createObjectBuilder()
                .add("jsonrpc", "2.0")
                .add("method", "sgc@webrtc")
                .add("params", Json.createObjectBuilder().add("channel", channel))
                .add("webrtc", signal)
                .build()
                .toString();
    }

    static String error(JsonValue id, int code, String message) {
        JsonObjectBuilder error = Json.createObjectBuilder()
                .add("jsonrpc", "2.0")
                .add("error", Json.createObjectBuilder().add("code", code).add("message", message));
        error.add("id", id == null ? JsonValue.NULL : id);
        return error.build().toString();
    }
}
