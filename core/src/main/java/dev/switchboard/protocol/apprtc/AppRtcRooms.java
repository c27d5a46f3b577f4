package dev.switchboard.protocol.apprtc;

import dev.switchboard.api.Audience;
import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.cluster.AnnouncementBodies;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.Hub;
import dev.switchboard.protocol.webrtc.WebRtcSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The AppRTC rooms of this node and the collider role: clients join a room over HTTP ({@link AppRtcServlet}), register
 * their WebSocket ({@link AppRtcProtocol}), and the signalling messages one sends reach the other, over the WebSocket
 * when it is registered and held for it until then. The package documentation describes the behaviour.
 *
 * <p>A message to a registered client is a broadcast to that client's internal channel
 * ({@code /internal/apprtc/client/ID}) through the broker, so it reaches the client's connection on whichever node it
 * is; the rooms themselves are this node's.
 *
 * <p>Thread-safe: one lock guards the rooms; per-connection calls are serial.
 */
@ApplicationScoped
public class AppRtcRooms {

    /** The collider's subprotocol token. */
    public static final String TOKEN = "apprtc.esegece.com";

    /** The prefix of the name the permission rules see for a room: {@code apprtc/ROOM}. */
    public static final String RULE_PREFIX = "apprtc/";

    /** Most characters of a room id. */
    static final int MAX_ROOM_ID = 64;

    static final String CLIENT_PREFIX = ChannelNames.INTERNAL_PREFIX + "apprtc/client/";

    /** What a collider frame may hold besides its message. */
    private static final int FRAME_OVERHEAD = 1024;

    private static final String BYE = "{\"type\":\"bye\"}";

    /** The outcome of a room request, as the AppRTC clients read {@code result}. */
    enum Result {
        SUCCESS,
        FULL,
        UNKNOWN_ROOM,
        UNKNOWN_CLIENT,
        INVALID_MESSAGE,
        QUEUE_FULL,
        TOO_MANY_CANDIDATES
    }

    /** A client of a room. */
    static final class Client {
        final String id;
        final boolean initiator;
        final long joinedNanos = System.nanoTime();
        /** Messages for this client, held until its WebSocket registers. */
        final List<String> inbox = new ArrayList<>();
        /** The registered connection; null until it registers. */
        Connection connection;

        int candidates;

        Client(String id, boolean initiator) {
            this.id = id;
            this.initiator = initiator;
        }
    }

    /** A room: at most two clients, in joining order, and the messages held for the next joiner. */
    static final class Room {
        final String id;
        final LinkedHashMap<String, Client> clients = new LinkedHashMap<>();
        final List<String> forNextJoiner = new ArrayList<>();

        Room(String id) {
            this.id = id;
        }

        Optional<Client> other(String clientId) {
            return clients.values().stream().filter(c -> !c.id.equals(clientId)).findFirst();
        }
    }

    /** A successful join: the client and the messages the other client left for it. */
    record Joined(String roomId, String clientId, boolean initiator, List<String> messages) {}

    private Hub hub;
    private ChannelPolicy policy;
    private WebRtcSettings webrtc;
    private AppRtcSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    /** Registered connections of this node: connection id to room id and client id. */
    private final ConcurrentHashMap<String, String[]> registered = new ConcurrentHashMap<>();

    private final SecureRandom random = new SecureRandom();
    private Future<?> sweeper;

    /** For the container's client proxy. */
    protected AppRtcRooms() {}

    /**
     * Creates the rooms.
     *
     * @param hub      the hub: subscriptions, broadcasts and disconnects
     * @param policy   the subscribe and publish rules, asked at register and for each message sent on the WebSocket
     * @param webrtc   the ICE servers, signal bounds and hang-up behaviour shared with the WebRTC protocol
     * @param settings the room bounds
     */
    @Inject
    public AppRtcRooms(Hub hub, ChannelPolicy policy, WebRtcSettings webrtc, AppRtcSettings settings) {
        this.hub = hub;
        this.policy = policy;
        this.webrtc = webrtc;
        this.settings = settings;
    }

    @PostConstruct
    void start() {
        Duration every = settings.registerTimeout().dividedBy(2);
        sweeper = hub.scheduler().scheduleWithFixedDelay(this::sweep, every, every);
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    WebRtcSettings webrtc() {
        return webrtc;
    }

    AppRtcSettings settings() {
        return settings;
    }

    /** Whether a room id is usable: 1 to 64 letters, digits, {@code -} or {@code _} (it appears in URLs and pages). */
    static boolean validRoomId(String id) {
        if (id.isEmpty() || id.length() > MAX_ROOM_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    // ---- HTTP side ------------------------------------------------------------------------------------

    /**
     * Joins a room, opening it when it is new.
     *
     * @return the join; empty (FULL) when the room has two clients or this node has its most rooms
     */
    Optional<Joined> join(String roomId) {
        lock.lock();
        try {
            Room room = rooms.get(roomId);
            if (room == null) {
                if (rooms.size() >= settings.maxRooms()) {
                    return Optional.empty();
                }
                room = new Room(roomId);
                rooms.put(roomId, room);
            }
            if (room.clients.size() >= 2) {
                return Optional.empty();
            }
            String clientId = HexFormat.of().formatHex(bytes(8));
            Client client = new Client(clientId, room.clients.isEmpty());
            room.clients.put(clientId, client);
            List<String> messages = List.copyOf(room.forNextJoiner);
            room.forNextJoiner.clear();
            return Optional.of(new Joined(roomId, clientId, client.initiator, messages));
        } finally {
            lock.unlock();
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** A message a client posted over HTTP, for the other client. */
    Result message(String roomId, String clientId, String message) {
        return send(roomId, clientId, message);
    }

    /** A client leaves its room over HTTP: a hang-up. */
    Result leave(String roomId, String clientId) {
        Optional<Client> other;
        lock.lock();
        try {
            Room room = rooms.get(roomId);
            if (room == null) {
                return Result.UNKNOWN_ROOM;
            }
            Client client = room.clients.get(clientId);
            if (client == null) {
                return Result.UNKNOWN_CLIENT;
            }
            other = remove(room, client);
        } finally {
            lock.unlock();
        }
        other.ifPresent(this::hungUpOn);
        return Result.SUCCESS;
    }

    // ---- collider side --------------------------------------------------------------------------------

    void received(Connection connection, String text) {
        int limit = webrtc.maxSdpBytes() + FRAME_OVERHEAD;
        if (text.length() > limit) {
            hub.budgetRefused(connection);
            connection.sendText(error("a frame holds at most " + limit + " characters"));
            return;
        }
        Optional<JsonObject> frame = AnnouncementBodies.object(text, limit);
        if (frame.isEmpty() || !(frame.get().get("cmd") instanceof JsonString cmd)) {
            connection.sendText(error("a frame is a JSON object with a cmd"));
            return;
        }
        switch (cmd.getString()) {
            case "register" -> register(connection, frame.get());
            case "send" -> sendCommand(connection, frame.get());
            default -> connection.sendText(error("the collider has the commands register and send"));
        }
    }

    private void sendCommand(Connection connection, JsonObject frame) {
        String[] slot = registered.get(connection.id());
        if (slot == null) {
            connection.sendText(error("register first"));
            return;
        }
        if (!(frame.get("msg") instanceof JsonString msg)) {
            connection.sendText(error("'msg' is the message, a string"));
            return;
        }
        PublishDecision decision = policy.decidePublish(connection, RULE_PREFIX + slot[0], msg.getString());
        if (!decision.allowed()) {
            connection.sendText(error("forbidden: " + decision.message()));
            return;
        }
        Result result = send(slot[0], slot[1], msg.getString());
        if (result == Result.QUEUE_FULL || result == Result.TOO_MANY_CANDIDATES) {
            hub.budgetRefused(connection);
        }
        if (result != Result.SUCCESS) {
            connection.sendText(error(result.name()));
        }
    }

    private void register(Connection connection, JsonObject frame) {
        if (registered.containsKey(connection.id())) {
            connection.sendText(error("this connection is registered"));
            return;
        }
        if (!(frame.get("roomid") instanceof JsonString roomId)
                || !(frame.get("clientid") instanceof JsonString clientId)) {
            connection.sendText(error("'roomid' and 'clientid' are strings"));
            return;
        }
        SubscribeDecision decision = policy.decideSubscribe(connection, RULE_PREFIX + roomId.getString());
        if (!decision.allowed()) {
            connection.sendText(error("forbidden: " + decision.message()));
            connection.close(CloseCodes.FORBIDDEN, "room refused");
            return;
        }
        List<String> waiting;
        lock.lock();
        try {
            Room room = rooms.get(roomId.getString());
            Client client = room == null ? null : room.clients.get(clientId.getString());
            if (client == null) {
                connection.sendText(error(room == null ? Result.UNKNOWN_ROOM.name() : Result.UNKNOWN_CLIENT.name()));
                return;
            }
            if (client.connection != null) {
                connection.sendText(error("the client is registered on another connection"));
                return;
            }
            client.connection = connection;
            registered.put(connection.id(), new String[] {room.id, client.id});
            waiting = List.copyOf(client.inbox);
            client.inbox.clear();
            // Subscribed under the lock, so that a message another client sends now is either held above or relayed.
            hub.subscribeOne(connection, CLIENT_PREFIX + client.id);
        } finally {
            lock.unlock();
        }
        waiting.forEach(message -> connection.sendText(relayed(message)));
    }

    void closed(Connection connection) {
        String[] slot = registered.remove(connection.id());
        if (slot == null) {
            return;
        }
        Optional<Client> other = Optional.empty();
        lock.lock();
        try {
            Room room = rooms.get(slot[0]);
            Client client = room == null ? null : room.clients.get(slot[1]);
            if (client != null
                    && client.connection != null
                    && client.connection.id().equals(connection.id())) {
                other = remove(room, client);
            }
        } finally {
            lock.unlock();
        }
        other.ifPresent(this::hungUpOn);
    }

    // ---- relay ----------------------------------------------------------------------------------------

    /** Passes a message from one client to the other: relayed, held for it, or held for the next joiner. */
    private Result send(String roomId, String clientId, String message) {
        if (message.getBytes(StandardCharsets.UTF_8).length > webrtc.maxSdpBytes()) {
            return Result.INVALID_MESSAGE;
        }
        Optional<JsonObject> parsed = AnnouncementBodies.object(message, webrtc.maxSdpBytes());
        if (parsed.isEmpty()) {
            return Result.INVALID_MESSAGE;
        }
        String type = parsed.get().getString("type", "");
        Optional<Client> other;
        Optional<Client> hungUp = Optional.empty();
        Connection target = null;
        lock.lock();
        try {
            Room room = rooms.get(roomId);
            if (room == null) {
                return Result.UNKNOWN_ROOM;
            }
            Client client = room.clients.get(clientId);
            if (client == null) {
                return Result.UNKNOWN_CLIENT;
            }
            if (type.equals("candidate") && ++client.candidates > webrtc.maxCandidates()) {
                return Result.TOO_MANY_CANDIDATES;
            }
            other = room.other(clientId);
            if (type.equals("bye")) {
                // A bye ends the sender's place in the room; the other hears of it below.
                hungUp = remove(room, client);
                registered.remove(client.connection == null ? "" : client.connection.id());
                if (client.connection != null) {
                    hub.unsubscribe(client.connection, CLIENT_PREFIX + client.id);
                }
            } else if (other.isEmpty()) {
                if (room.forNextJoiner.size() >= settings.maxQueued()) {
                    return Result.QUEUE_FULL;
                }
                room.forNextJoiner.add(message);
            } else if (other.get().connection == null) {
                if (other.get().inbox.size() >= settings.maxQueued()) {
                    return Result.QUEUE_FULL;
                }
                other.get().inbox.add(message);
            } else {
                target = other.get().connection;
            }
        } finally {
            lock.unlock();
        }
        if (target != null) {
            hub.broadcast(relayed(message), Audience.channel(CLIENT_PREFIX + other.get().id));
        }
        hungUp.ifPresent(this::hungUpOn);
        return Result.SUCCESS;
    }

    /** Removes a client; the room goes with its last client. Returns the client left in the room, if any. */
    private Optional<Client> remove(Room room, Client client) {
        room.clients.remove(client.id);
        if (room.clients.isEmpty()) {
            rooms.remove(room.id);
            return Optional.empty();
        }
        // A message held for the next joiner came from the client that left: it belongs to no call now.
        room.forNextJoiner.clear();
        return room.other(client.id);
    }

    /**
     * The other client of a room hung up: it gets a bye and, with close-session-on-hangup, its connection is closed,
     * through the broker wherever it is; a client not registered yet gets the bye when it registers.
     */
    private void hungUpOn(Client other) {
        Connection connection;
        lock.lock();
        try {
            connection = other.connection;
            if (connection == null) {
                other.inbox.add(BYE);
                return;
            }
        } finally {
            lock.unlock();
        }
        hub.broadcast(relayed(BYE), Audience.channel(CLIENT_PREFIX + other.id));
        if (webrtc.closeSessionOnHangup()) {
            hub.disconnect(connection.id(), CloseCodes.NORMAL, "the other peer hung up");
        }
    }

    /** Removes clients that joined over HTTP and never registered their WebSocket in time. */
    void sweep() {
        long now = System.nanoTime();
        List<Client> hungUpOn = new ArrayList<>();
        lock.lock();
        try {
            for (Room room : new ArrayList<>(rooms.values())) {
                for (Client client : new ArrayList<>(room.clients.values())) {
                    if (client.connection == null
                            && now - client.joinedNanos
                                    > settings.registerTimeout().toNanos()) {
                        remove(room, client).ifPresent(hungUpOn::add);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        hungUpOn.forEach(this::hungUpOn);
    }

    /** A message as the collider hands it on (the upstream collider's shape). */
    static String relayed(String message) {
        return Json.createObjectBuilder()
                .add("msg", message)
                .add("error", "")
                .build()
                .toString();
    }

    static String error(String text) {
        return Json.createObjectBuilder()
                .add("msg", "")
                .add("error", text)
                .build()
                .toString();
    }
}
