package dev.switchboard.client.presence;

import dev.switchboard.client.link.Link;
import dev.switchboard.client.link.LinkClosed;
import dev.switchboard.client.link.LinkListener;
import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.link.LinkSession;
import dev.switchboard.client.link.Links;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A member of the sgc Presence protocol ({@code presence.esegece.com}) over a {@link Link}: it joins under a name and
 * info, joins channels, publishes, lists members and invites, and tells its {@link PresenceListener} of every join,
 * leave and message. A member is its connection: when the link comes back after a loss, the client joins again under
 * the same name and info and re-joins its channels (the server gives it a new member id).
 *
 * <p>The protocol's answers carry no request id, so a request's future completes on the first answer that matches it:
 * the server's echo of this member's own join ({@link #join}, {@link #subscribe}), the next member list of that
 * channel ({@link #members}), or an error about that channel. Frames the server sends with an {@code id} (when its
 * acknowledgments are on) are acknowledged at once. Thread-safe.
 */
public final class PresenceClient implements AutoCloseable {

    /** The subprotocol token. */
    public static final String SUBPROTOCOL = "presence.esegece.com";

    private static final String PREFIX = "sgc@presence@";
    private static final String B64 = "sgc@b64:";

    private final PresenceListener listener;
    private final Link link;
    private final ReentrantLock lock = new ReentrantLock();
    private final CompletableFuture<String> session = new CompletableFuture<>();
    // Guarded by lock.
    private String id;
    private String name;
    private String info;
    private CompletableFuture<Member> joining;
    private final Set<String> channels = new LinkedHashSet<>();
    private final Map<String, CompletableFuture<Void>> subscribing = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> unsubscribing = new ConcurrentHashMap<>();
    private final Map<String, Deque<CompletableFuture<List<Member>>>> listing = new ConcurrentHashMap<>();

    private PresenceClient(LinkOptions options, PresenceListener listener) {
        this.listener = listener;
        this.link = Links.create(options, new Frames());
    }

    /**
     * Connects. The server's session message gives the member id ({@link #session()}); then {@link #join}.
     *
     * @param options  where and how to connect (its subprotocols are replaced by the presence token)
     * @param listener what the application is told
     * @return the client
     */
    public static PresenceClient connect(LinkOptions.Builder options, PresenceListener listener) {
        PresenceClient client =
                new PresenceClient(options.subprotocols(SUBPROTOCOL).build(), listener);
        client.link.start();
        return client;
    }

    /** Completes with this connection's member id when the server's first session message arrives. */
    public CompletableFuture<String> session() {
        return session;
    }

    /** The current member id (it changes when the link reconnects), or null before the session. */
    public String id() {
        lock.lock();
        try {
            return id;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Joins the presence as a member.
     *
     * @param name the member's name
     * @param info free text about the member (an e-mail address, say), possibly empty
     * @return completes with this member as the server announced it, or fails with the server's refusal
     */
    public CompletableFuture<Member> join(String name, String info) {
        CompletableFuture<Member> joined = new CompletableFuture<>();
        lock.lock();
        try {
            this.name = name;
            this.info = info;
            joining = joined;
        } finally {
            lock.unlock();
        }
        session.thenAccept(member ->
                send("member@new", Json.createObjectBuilder().add("member", member(String.valueOf(id()), name, info))));
        return joined;
    }

    /**
     * Leaves the presence: the other members are told. The connection stays open.
     *
     * @return whether the frame went out
     */
    public boolean leave() {
        lock.lock();
        try {
            name = null;
            channels.clear();
        } finally {
            lock.unlock();
        }
        return send("member@remove", Json.createObjectBuilder().add("member", me()));
    }

    /**
     * Joins a channel (accepting an invitation is joining).
     *
     * @param channel the channel
     * @return completes when the server announced this member in the channel, or fails with its refusal
     */
    public CompletableFuture<Void> subscribe(String channel) {
        CompletableFuture<Void> joined = new CompletableFuture<>();
        subscribing.put(channel, joined);
        lock.lock();
        try {
            channels.add(channel);
        } finally {
            lock.unlock();
        }
        send(
                "channel@member@new",
                Json.createObjectBuilder().add("member", me()).add("channel", channel(channel)));
        return joined;
    }

    /**
     * Leaves a channel.
     *
     * @param channel the channel
     * @return completes when the server announced that this member left it, or fails with its refusal
     */
    public CompletableFuture<Void> unsubscribe(String channel) {
        CompletableFuture<Void> left = new CompletableFuture<>();
        unsubscribing.put(channel, left);
        lock.lock();
        try {
            channels.remove(channel);
        } finally {
            lock.unlock();
        }
        send(
                "channel@member@remove",
                Json.createObjectBuilder().add("member", me()).add("channel", channel(channel)));
        return left;
    }

    /**
     * Sends a text to a channel's members, or to every member.
     *
     * @param text    the text
     * @param channel the channel, or empty for every member
     * @return whether the frame went out; a refusal reaches {@link PresenceListener#error}
     */
    public boolean publish(String text, String channel) {
        return send(
                "publish@msg",
                Json.createObjectBuilder()
                        .add("member", me())
                        .add("channel", channel(channel))
                        .add("message", Json.createObjectBuilder().add("text", text)));
    }

    /**
     * Lists a channel's members, or every member.
     *
     * @param channel the channel, or empty for every member
     * @return completes with the members, or fails with the server's refusal
     */
    public CompletableFuture<List<Member>> members(String channel) {
        CompletableFuture<List<Member>> list = new CompletableFuture<>();
        listing.computeIfAbsent(channel, c -> new ArrayDeque<>()).add(list);
        send("get@members", Json.createObjectBuilder().add("member", me()).add("channel", channel(channel)));
        return list;
    }

    /**
     * Invites members to a channel; each gets {@link PresenceListener#invitation}.
     *
     * @param channel the channel
     * @param ids     the member ids
     * @return whether the frame went out
     */
    public boolean invite(String channel, String... ids) {
        JsonArrayBuilder members = Json.createArrayBuilder();
        for (String invitee : ids) {
            members.add(member(invitee, "", ""));
        }
        return send(
                "channel@invitation",
                Json.createObjectBuilder()
                        .add("channel", channel(channel))
                        .add("member", me())
                        .add("members", members));
    }

    @Override
    public void close() {
        link.close();
        IllegalStateException closed = new IllegalStateException("closed");
        session.completeExceptionally(closed);
        lock.lock();
        try {
            if (joining != null) {
                joining.completeExceptionally(closed);
            }
        } finally {
            lock.unlock();
        }
        subscribing.values().forEach(f -> f.completeExceptionally(closed));
        unsubscribing.values().forEach(f -> f.completeExceptionally(closed));
        listing.values().forEach(queue -> queue.forEach(f -> f.completeExceptionally(closed)));
    }

    // ---- frames ---------------------------------------------------------------------------------------

    private boolean send(String method, JsonObjectBuilder fields) {
        return link.send(fields.add("jsonrpc", "2.0")
                .add("method", PREFIX + method)
                .build()
                .toString());
    }

    private JsonObjectBuilder me() {
        return Json.createObjectBuilder().add("id", String.valueOf(id()));
    }

    private static JsonObjectBuilder member(String id, String name, String info) {
        return Json.createObjectBuilder().add("id", id).add("name", name).add("info", info);
    }

    private static JsonObjectBuilder channel(String name) {
        return Json.createObjectBuilder().add("name", name == null ? "" : name);
    }

    /** A string of the server's, decoded when the server sends it as {@code sgc@b64:}. */
    private static String text(JsonObject object, String field) {
        if (object == null || !(object.get(field) instanceof jakarta.json.JsonString string)) {
            return "";
        }
        String value = string.getString();
        if (!value.startsWith(B64)) {
            return value;
        }
        try {
            return new String(Base64.getDecoder().decode(value.substring(B64.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static Member memberOf(JsonObject object) {
        return new Member(text(object, "id"), text(object, "name"), text(object, "info"));
    }

    private void received(JsonObject frame) {
        String method = frame.getString("method", "");
        if (!method.startsWith(PREFIX)) {
            return;
        }
        if (frame.get("id") instanceof jakarta.json.JsonString ackId && !method.equals(PREFIX + "acknowledgment")) {
            link.sendNow(Json.createObjectBuilder()
                    .add("jsonrpc", "2.0")
                    .add("method", PREFIX + "acknowledgment")
                    .add("id", ackId.getString())
                    .build()
                    .toString());
        }
        JsonObject memberObject = frame.get("member") instanceof JsonObject object ? object : null;
        Member member = memberOf(memberObject);
        String channel = text(frame.get("channel") instanceof JsonObject object ? object : null, "name");
        switch (method.substring(PREFIX.length())) {
            case "session" -> session(text(frame.getJsonObject("message"), "text"));
            case "member@new" -> {
                CompletableFuture<Member> joined = null;
                lock.lock();
                try {
                    if (member.id().equals(id) && joining != null) {
                        joined = joining;
                        joining = null;
                    }
                } finally {
                    lock.unlock();
                }
                listener.memberJoined(member);
                if (joined != null) {
                    joined.complete(member);
                }
            }
            case "member@remove" -> listener.memberLeft(member);
            case "channel@member@new" -> {
                listener.channelMemberJoined(channel, member);
                if (member.id().equals(id())) {
                    completeFor(subscribing, channel);
                }
            }
            case "channel@member@remove" -> {
                listener.channelMemberLeft(channel, member);
                if (member.id().equals(id())) {
                    completeFor(unsubscribing, channel);
                }
            }
            case "publish@msg" -> listener.message(channel, member, text(frame.getJsonObject("message"), "text"));
            case "send@members" -> {
                List<Member> members = new ArrayList<>();
                if (frame.get("members") instanceof jakarta.json.JsonArray array) {
                    for (JsonValue value : array) {
                        if (value instanceof JsonObject object) {
                            members.add(memberOf(object));
                        }
                    }
                }
                Deque<CompletableFuture<List<Member>>> waiting = listing.get(channel);
                CompletableFuture<List<Member>> next = waiting == null ? null : waiting.poll();
                if (next != null) {
                    next.complete(List.copyOf(members));
                }
            }
            case "channel@invitation" -> listener.invitation(channel, member);
            case "error@member@channel", "error@publish@msg" -> refused(frame, channel);
            default -> {
                // Acknowledgments of this client's frames, and methods of a later version.
            }
        }
    }

    private void session(String newId) {
        String rejoinName;
        String rejoinInfo;
        List<String> rejoin;
        lock.lock();
        try {
            boolean again = id != null;
            id = newId;
            rejoinName = again ? name : null;
            rejoinInfo = info;
            rejoin = new ArrayList<>(channels);
        } finally {
            lock.unlock();
        }
        if (!session.complete(newId) && rejoinName != null) {
            // A new connection after a loss: the member is its connection, so it joins again.
            send("member@new", Json.createObjectBuilder().add("member", member(newId, rejoinName, rejoinInfo)));
            for (String channel : rejoin) {
                send(
                        "channel@member@new",
                        Json.createObjectBuilder().add("member", me()).add("channel", channel(channel)));
            }
        }
    }

    private void refused(JsonObject frame, String channel) {
        JsonObject error = frame.get("error") instanceof JsonObject object ? object : null;
        int code = error == null ? 0 : error.getInt("code", 0);
        String text = text(error, "text");
        PresenceException failure = new PresenceException(code, text);
        boolean waited = false;
        CompletableFuture<Member> joined = null;
        lock.lock();
        try {
            if ((code == 1 || code == 2) && joining != null) {
                joined = joining;
                joining = null;
            }
        } finally {
            lock.unlock();
        }
        if (joined != null) {
            waited = joined.completeExceptionally(failure);
        } else if (code == 12) {
            waited = failFor(unsubscribing, channel, failure);
        } else if (code == 5 || code == 30) {
            Deque<CompletableFuture<List<Member>>> waiting = listing.get(channel);
            CompletableFuture<List<Member>> next = waiting == null ? null : waiting.poll();
            waited = next != null && next.completeExceptionally(failure);
            if (!waited && code == 5) {
                waited = failFor(unsubscribing, channel, failure);
            }
        } else if (code == 10 || code == 11 || code == 3) {
            waited = failFor(subscribing, channel, failure);
        }
        if (code == 10 || code == 11) {
            lock.lock();
            try {
                if (code == 10) {
                    channels.remove(channel);
                }
            } finally {
                lock.unlock();
            }
        }
        if (!waited) {
            listener.error(code, text, channel);
        }
    }

    private static void completeFor(Map<String, CompletableFuture<Void>> waiting, String channel) {
        CompletableFuture<Void> future = waiting.remove(channel);
        if (future != null) {
            future.complete(null);
        }
    }

    private static boolean failFor(
            Map<String, CompletableFuture<Void>> waiting, String channel, PresenceException failure) {
        CompletableFuture<Void> future = waiting.remove(channel);
        return future != null && future.completeExceptionally(failure);
    }

    /** The link's events. */
    private final class Frames implements LinkListener {
        @Override
        public void opened(LinkSession opened) {}

        @Override
        public void text(String text) {
            JsonObject frame;
            try (var reader = Json.createReader(new StringReader(text))) {
                frame = reader.readObject();
            } catch (RuntimeException e) {
                return;
            }
            received(frame);
        }

        @Override
        public void closed(LinkClosed closed) {
            if (!closed.retrying()) {
                session.completeExceptionally(new IllegalStateException("the link closed: " + closed.reason()));
            }
        }
    }

    /** A refusal of the server, with its sgc presence error code. */
    public static final class PresenceException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final int code;

        PresenceException(int code, String text) {
            super(code + ": " + text);
            this.code = code;
        }

        /** The sgc presence error code. */
        public int code() {
            return code;
        }
    }
}
