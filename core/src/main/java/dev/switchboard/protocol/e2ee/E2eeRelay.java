package dev.switchboard.protocol.e2ee;

import dev.switchboard.api.Audience;
import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.cluster.AnnouncementBodies;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.Hub;
import dev.switchboard.spi.Broker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The E2EE relay: the directory of identity keys and groups, and the routing of sealed messages, receipts and
 * membership changes between the users' connections. It reads headers (who to, which group) and never the sealed
 * bodies, which it passes on as the sender wrote them. The wire format is in {@code docs/e2ee.md}.
 *
 * <p>Routing goes through the broker, so it reaches every node of a cluster: a user's connections are subscribed to
 * the user's internal channel ({@code /internal/e2ee/user/NAME}), a member's to the group's
 * ({@code /internal/e2ee/group/NAME}), and each relayed frame is a broadcast to the subscribers of that channel that
 * speak this protocol; a broadcast is never kept in the history, and no client subscribes or publishes to an internal
 * channel. The permission rules see the names {@code /user/NAME/e2ee} and {@code e2ee/group/NAME}. The directory is
 * replicated by announcements ({@value #SUBJECT}): each change is applied by every node that is up at the time.
 *
 * <p>Thread-safe: the directory has its own lock; per-connection calls are serial.
 */
@ApplicationScoped
public class E2eeRelay {

    /** The subprotocol token. */
    public static final String TOKEN = "e2ee.v1.switchboard.dev";

    /** The announcement subject of directory changes. */
    static final String SUBJECT = "e2ee.directory";

    /** Most characters of a user or group name, of a client's request id and of a receipt's reference. */
    static final int MAX_NAME = 128;

    private static final int MAX_ANNOUNCEMENT = 1 << 20;
    private static final String GROUP_PREFIX = "e2ee/group/";
    private static final System.Logger LOG = System.getLogger(E2eeRelay.class.getName());

    private Hub hub;
    private Broker broker;
    private ChannelPolicy policy;
    private E2eeSettings settings;
    private E2eeDirectory directory;
    /** This node's relay connections, by user. */
    private final ConcurrentHashMap<String, Set<Connection>> local = new ConcurrentHashMap<>();

    /** For the container's client proxy. */
    protected E2eeRelay() {}

    /**
     * Creates the relay.
     *
     * @param hub      the hub: subscriptions and broadcasts
     * @param broker   carries the directory's changes to the other nodes
     * @param policy   the subscribe and publish rules, asked for joining groups and sending
     * @param settings the relay's bounds
     */
    @Inject
    public E2eeRelay(Hub hub, Broker broker, ChannelPolicy policy, E2eeSettings settings) {
        this.hub = hub;
        this.broker = broker;
        this.policy = policy;
        this.settings = settings;
        this.directory = new E2eeDirectory(settings);
    }

    /** The channel the relay reaches a user's connections on: internal, so no client subscribes or publishes to it. */
    static String userChannel(String user) {
        return ChannelNames.INTERNAL_PREFIX + "e2ee/user/" + user;
    }

    /** The channel the relay reaches a group's members on: internal as well. */
    static String groupChannel(String group) {
        return ChannelNames.INTERNAL_PREFIX + GROUP_PREFIX + group;
    }

    /** The name the permission rules see for a direct message to a user. */
    static String userRuleName(String user) {
        return ChannelNames.USER_PREFIX + user + "/e2ee";
    }

    /** The name the permission rules see for a group. */
    static String groupRuleName(String group) {
        return GROUP_PREFIX + group;
    }

    // ---- connections ----------------------------------------------------------------------------------

    void open(Connection connection) {
        Optional<String> user = connection.principal().map(Principal::getName);
        if (user.isEmpty() || !validName(user.get())) {
            connection.sendText(error(null, "unauthorized", "the E2EE relay serves authenticated users"));
            connection.close(CloseCodes.UNAUTHORIZED, "login required");
            return;
        }
        String name = user.get();
        local.computeIfAbsent(name, u -> ConcurrentHashMap.newKeySet()).add(connection);
        hub.subscribeOne(connection, userChannel(name));
        JsonArrayBuilder groups = Json.createArrayBuilder();
        for (String group : directory.groupsOf(name)) {
            hub.subscribeOne(connection, groupChannel(group));
            groups.add(group);
        }
        JsonObjectBuilder welcome = Json.createObjectBuilder()
                .add("type", "welcome")
                .add("user", name)
                .add("groups", groups);
        directory.key(name).ifPresent(key -> welcome.add("keyId", key.keyId()).add("key", key.key()));
        connection.sendText(welcome.build().toString());
    }

    void closed(Connection connection) {
        connection
                .principal()
                .map(Principal::getName)
                .ifPresent(user -> local.computeIfPresent(user, (u, set) -> {
                    set.remove(connection);
                    return set.isEmpty() ? null : set;
                }));
    }

    void received(Connection connection, String text) {
        Optional<String> user = connection.principal().map(Principal::getName);
        if (user.isEmpty()) {
            return;
        }
        if (text.length() > settings.maxMessageChars()) {
            connection.sendText(
                    error(null, "too-big", "a frame holds at most " + settings.maxMessageChars() + " characters"));
            return;
        }
        Optional<JsonObject> parsed = AnnouncementBodies.object(text, settings.maxMessageChars());
        if (parsed.isEmpty()) {
            connection.sendText(error(null, "malformed", "a frame is one JSON object"));
            return;
        }
        JsonObject frame = parsed.get();
        String id = null;
        try {
            id = optionalName(frame, "id");
            String type = string(frame, "type");
            switch (type) {
                case "publish-key" -> publishKey(connection, user.get(), id, frame);
                case "lookup" -> lookup(connection, id, name(frame, "user"));
                case "direct" -> direct(connection, user.get(), id, frame);
                case "receipt" -> receipt(user.get(), frame);
                case "create-group" -> createGroup(connection, user.get(), id, name(frame, "group"));
                case "join-group" -> joinGroup(connection, user.get(), id, name(frame, "group"));
                case "leave-group" -> leaveGroup(connection, user.get(), id, name(frame, "group"));
                case "delete-group" -> deleteGroup(connection, user.get(), id, name(frame, "group"));
                case "members" -> members(connection, id, name(frame, "group"));
                case "group-message" -> groupMessage(connection, user.get(), id, frame);
                default -> throw new E2eeDirectory.Refused("unknown-type", "no request of this type");
            }
        } catch (E2eeDirectory.Refused refused) {
            connection.sendText(error(id, refused.code, refused.getMessage()));
        }
    }

    // ---- keys -----------------------------------------------------------------------------------------

    private void publishKey(Connection connection, String user, String id, JsonObject frame)
            throws E2eeDirectory.Refused {
        String keyId = string(frame, "keyId");
        String key = string(frame, "key");
        if (key.length() > 128 || keyId.length() > 32 || !fingerprintMatches(keyId, key)) {
            throw new E2eeDirectory.Refused(
                    "bad-key", "a key is base64url of a 65-byte P-256 point, its id the fingerprint of it");
        }
        E2eeDirectory.Key published = new E2eeDirectory.Key(user, keyId, key);
        directory.putKey(published);
        broker.announce(
                new Broker.Announcement(SUBJECT, keyBody(published, "key").toString()));
        connection.sendText(
                reply("key-published", id).add("keyId", keyId).build().toString());
        hub.broadcast(keyBody(published, "key").toString(), Audience.EVERYONE.withSubprotocol(TOKEN));
    }

    private void lookup(Connection connection, String id, String user) throws E2eeDirectory.Refused {
        E2eeDirectory.Key key = directory
                .key(user)
                .orElseThrow(() -> new E2eeDirectory.Refused("no-key", "no key published by '" + user + "'"));
        JsonObjectBuilder answer = Json.createObjectBuilder().add("type", "key");
        if (id != null) {
            answer.add("id", id);
        }
        connection.sendText(answer.add("user", key.user())
                .add("keyId", key.keyId())
                .add("key", key.key())
                .build()
                .toString());
    }

    private static JsonObject keyBody(E2eeDirectory.Key key, String type) {
        return Json.createObjectBuilder()
                .add("type", type)
                .add("user", key.user())
                .add("keyId", key.keyId())
                .add("key", key.key())
                .build();
    }

    /** Whether {@code key} decodes to an uncompressed point whose SHA-256 starts with the 12 bytes of {@code id}. */
    static boolean fingerprintMatches(String id, String key) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(key);
            if (raw.length != 65 || raw[0] != 0x04) {
                return false;
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(Arrays.copyOf(digest, 12))
                    .equals(id);
        } catch (IllegalArgumentException | NoSuchAlgorithmException e) {
            return false;
        }
    }

    // ---- direct messages and receipts -----------------------------------------------------------------

    private void direct(Connection connection, String user, String id, JsonObject frame) throws E2eeDirectory.Refused {
        String to = name(frame, "to");
        JsonObject envelope = envelope(frame, user);
        if (!to.equals(envelope.getString("to", null))) {
            throw new E2eeDirectory.Refused("bad-envelope", "the envelope is addressed to another user");
        }
        PublishDecision decision = policy.decidePublish(connection, userRuleName(to), envelope.toString());
        if (!decision.allowed()) {
            throw new E2eeDirectory.Refused("forbidden", decision.message());
        }
        JsonObjectBuilder relayed = Json.createObjectBuilder()
                .add("type", "direct")
                .add("from", user)
                .add("envelope", envelope);
        if (id != null) {
            relayed.add("id", id);
        }
        hub.broadcast(
                relayed.build().toString(), Audience.channel(userChannel(to)).withSubprotocol(TOKEN));
        connection.sendText(reply("ack", id).build().toString());
    }

    private void receipt(String user, JsonObject frame) throws E2eeDirectory.Refused {
        String to = name(frame, "to");
        String ref = name(frame, "ref");
        String relayed = Json.createObjectBuilder()
                .add("type", "receipt")
                .add("from", user)
                .add("ref", ref)
                .build()
                .toString();
        hub.broadcast(relayed, Audience.channel(userChannel(to)).withSubprotocol(TOKEN));
    }

    // ---- groups ---------------------------------------------------------------------------------------

    private void createGroup(Connection connection, String user, String id, String group) throws E2eeDirectory.Refused {
        mayJoin(connection, group);
        E2eeDirectory.Group created = directory.create(group, user);
        changed(Optional.empty(), Optional.of(created));
        connection.sendText(groupFrame("group-joined", id, created).toString());
    }

    private void joinGroup(Connection connection, String user, String id, String group) throws E2eeDirectory.Refused {
        mayJoin(connection, group);
        boolean already =
                directory.group(group).map(g -> g.members().contains(user)).orElse(false);
        E2eeDirectory.Group before = directory.group(group).orElse(null);
        E2eeDirectory.Group joined = directory.join(group, user);
        if (!already) {
            changed(Optional.ofNullable(before), Optional.of(joined));
            memberEvent("member-joined", group, user);
        }
        connection.sendText(groupFrame("group-joined", id, joined).toString());
    }

    private void leaveGroup(Connection connection, String user, String id, String group) throws E2eeDirectory.Refused {
        E2eeDirectory.Group before = directory.group(group).orElse(null);
        Optional<E2eeDirectory.Group> after = directory.leave(group, user);
        // The others learn of it first, then the subscriptions go: the leaver is told separately.
        memberEvent("member-left", group, user);
        changed(Optional.ofNullable(before), after);
        connection.sendText(reply("group-left", id).add("group", group).build().toString());
    }

    private void deleteGroup(Connection connection, String user, String id, String group) throws E2eeDirectory.Refused {
        E2eeDirectory.Group deleted = directory.delete(group, user);
        hub.broadcast(
                Json.createObjectBuilder()
                        .add("type", "group-deleted")
                        .add("group", group)
                        .build()
                        .toString(),
                Audience.channel(groupChannel(group)).withSubprotocol(TOKEN));
        changed(Optional.of(deleted), Optional.empty());
        connection.sendText(
                reply("group-deleted", id).add("group", group).build().toString());
    }

    private void members(Connection connection, String id, String group) throws E2eeDirectory.Refused {
        E2eeDirectory.Group found = directory
                .group(group)
                .orElseThrow(() -> new E2eeDirectory.Refused("no-group", "no group '" + group + "'"));
        connection.sendText(groupFrame("members", id, found).toString());
    }

    private void groupMessage(Connection connection, String user, String id, JsonObject frame)
            throws E2eeDirectory.Refused {
        String group = name(frame, "group");
        JsonObject envelope = envelope(frame, user);
        if (!group.equals(envelope.getString("group", null))) {
            throw new E2eeDirectory.Refused("bad-envelope", "the envelope is for another group");
        }
        boolean member =
                directory.group(group).map(g -> g.members().contains(user)).orElse(false);
        if (!member) {
            throw new E2eeDirectory.Refused("not-member", "not a member of '" + group + "'");
        }
        PublishDecision decision = policy.decidePublish(connection, groupRuleName(group), envelope.toString());
        if (!decision.allowed()) {
            throw new E2eeDirectory.Refused("forbidden", decision.message());
        }
        String relayed = Json.createObjectBuilder()
                .add("type", "group-message")
                .add("group", group)
                .add("from", user)
                .add("envelope", envelope)
                .build()
                .toString();
        hub.broadcast(
                relayed,
                Audience.channel(groupChannel(group)).withSubprotocol(TOKEN).excluding(Set.of(connection.id())));
        connection.sendText(reply("ack", id).build().toString());
    }

    private void mayJoin(Connection connection, String group) throws E2eeDirectory.Refused {
        SubscribeDecision decision = policy.decideSubscribe(connection, groupRuleName(group));
        if (!decision.allowed()) {
            throw new E2eeDirectory.Refused("forbidden", decision.message());
        }
    }

    private void memberEvent(String type, String group, String user) {
        hub.broadcast(
                Json.createObjectBuilder()
                        .add("type", type)
                        .add("group", group)
                        .add("user", user)
                        .build()
                        .toString(),
                Audience.channel(groupChannel(group)).withSubprotocol(TOKEN));
    }

    /** A group changed here: this node's subscriptions follow, and the other nodes are told. */
    private void changed(Optional<E2eeDirectory.Group> before, Optional<E2eeDirectory.Group> after) {
        String name = before.or(() -> after).map(E2eeDirectory.Group::name).orElseThrow();
        follow(name, before, after);
        JsonObjectBuilder body = Json.createObjectBuilder().add("type", "group").add("group", name);
        after.ifPresent(group -> body.add("owner", group.owner()).add("members", array(group.members())));
        broker.announce(new Broker.Announcement(SUBJECT, body.build().toString()));
    }

    /** Subscribes this node's connections of users who joined a group, unsubscribes those of users who left. */
    private void follow(String group, Optional<E2eeDirectory.Group> before, Optional<E2eeDirectory.Group> after) {
        Set<String> was = new HashSet<>(before.map(E2eeDirectory.Group::members).orElse(List.of()));
        Set<String> is = new HashSet<>(after.map(E2eeDirectory.Group::members).orElse(List.of()));
        String channel = groupChannel(group);
        for (String user : is) {
            if (!was.contains(user)) {
                local.getOrDefault(user, Set.of()).forEach(c -> hub.subscribeOne(c, channel));
            }
        }
        for (String user : was) {
            if (!is.contains(user)) {
                local.getOrDefault(user, Set.of()).forEach(c -> hub.unsubscribe(c, channel));
            }
        }
    }

    /**
     * Applies another node's change of the directory. Other subjects are not this bean's; a body that does not read
     * is ignored.
     *
     * @param announcement what another node announced
     */
    void announced(@Observes Broker.Announcement announcement) {
        if (!SUBJECT.equals(announcement.subject())) {
            return;
        }
        Optional<JsonObject> body = AnnouncementBodies.object(announcement.body(), MAX_ANNOUNCEMENT);
        try {
            JsonObject change = body.orElseThrow(() -> new E2eeDirectory.Refused("malformed", "not an object"));
            switch (string(change, "type")) {
                case "key" ->
                    directory.putKey(new E2eeDirectory.Key(
                            name(change, "user"), string(change, "keyId"), string(change, "key")));
                case "group" -> {
                    String group = name(change, "group");
                    Optional<E2eeDirectory.Group> now = Optional.empty();
                    if (change.containsKey("members")) {
                        List<String> members = new ArrayList<>();
                        for (JsonValue member : change.getJsonArray("members")) {
                            members.add(((JsonString) member).getString());
                        }
                        now = Optional.of(new E2eeDirectory.Group(group, name(change, "owner"), members));
                    }
                    Optional<E2eeDirectory.Group> before = directory.replace(group, now);
                    follow(group, before, now);
                }
                default -> {
                    // A kind of change a later version announces.
                }
            }
        } catch (E2eeDirectory.Refused | ClassCastException | NullPointerException e) {
            LOG.log(System.Logger.Level.WARNING, "An E2EE directory announcement was ignored: {0}", e.getMessage());
        }
    }

    // ---- frames ---------------------------------------------------------------------------------------

    private static JsonObject envelope(JsonObject frame, String user) throws E2eeDirectory.Refused {
        JsonValue value = frame.get("envelope");
        if (!(value instanceof JsonObject envelope)) {
            throw new E2eeDirectory.Refused("bad-envelope", "the envelope is a JSON object");
        }
        if (!user.equals(envelope.getString("from", null))) {
            // The relay vouches for the sender: an envelope may not claim another.
            throw new E2eeDirectory.Refused("bad-envelope", "the envelope's sender is not the connection's user");
        }
        return envelope;
    }

    private static JsonObject groupFrame(String type, String id, E2eeDirectory.Group group) {
        return reply(type, id)
                .add("group", group.name())
                .add("owner", group.owner())
                .add("members", array(group.members()))
                .build();
    }

    private static JsonArrayBuilder array(List<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    private static JsonObjectBuilder reply(String type, String id) {
        JsonObjectBuilder reply = Json.createObjectBuilder().add("type", type);
        if (id != null) {
            reply.add("id", id);
        }
        return reply;
    }

    static String error(String id, String code, String text) {
        return reply("error", id).add("code", code).add("text", text).build().toString();
    }

    private static String string(JsonObject frame, String field) throws E2eeDirectory.Refused {
        JsonValue value = frame.get(field);
        if (!(value instanceof JsonString string)) {
            throw new E2eeDirectory.Refused("malformed", "'" + field + "' is a string");
        }
        return string.getString();
    }

    private static String name(JsonObject frame, String field) throws E2eeDirectory.Refused {
        String value = string(frame, field);
        if (!validName(value)) {
            throw new E2eeDirectory.Refused(
                    "malformed",
                    "'" + field + "' is 1 to " + MAX_NAME
                            + " characters, without '/', ',', '*', '?', '[', ']' or control characters");
        }
        return value;
    }

    private static String optionalName(JsonObject frame, String field) throws E2eeDirectory.Refused {
        return frame.containsKey(field) ? name(frame, field) : null;
    }

    /**
     * Whether a user or group name is usable in a channel name: not empty, bounded, and without the characters that
     * separate channel names or make masks.
     */
    static boolean validName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || "/,*?[]".indexOf(c) >= 0) {
                return false;
            }
        }
        return name.getBytes(StandardCharsets.UTF_8).length <= 4 * MAX_NAME;
    }
}
