package dev.switchboard.client.e2ee;

import dev.switchboard.client.link.Link;
import dev.switchboard.client.link.LinkClosed;
import dev.switchboard.client.link.LinkListener;
import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.link.LinkSession;
import dev.switchboard.client.link.Links;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of the E2EE relay ({@code e2ee.v1.switchboard.dev}): publishes this user's identity key, looks up the
 * others', seals what it sends and opens what it receives, so that the server relays ciphertext only. Direct messages
 * are sealed per pair of identity keys ({@link DirectCipher}); group messages with this member's sender key
 * ({@link SenderKey}), which the client replaces and hands to the current members, sealed, whenever it joins a group
 * or the membership changes, so that a member who left cannot read on and one who joined cannot read back.
 *
 * <p>The server must know the user: connect with a credential ({@link LinkOptions.Builder#auth}). The client works on
 * one thread of its own, which {@link #close()} stops; its methods may be called from any thread.
 */
public final class E2eeClient implements AutoCloseable {

    /** The relay's subprotocol token. */
    public static final String SUBPROTOCOL = "e2ee.v1.switchboard.dev";

    /** How long a member's previous sender key is still read after it sent a new one. */
    public static final Duration SENDER_KEY_TRANSITION = Duration.ofSeconds(60);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final E2eeListener listener;
    private final Link link;
    private final ExecutorService worker;
    private final GroupReceiver groupKeys = new GroupReceiver(SENDER_KEY_TRANSITION, Clock.systemUTC());
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Map<String, CompletableFuture<JsonObject>> requests = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    // Touched on the worker thread only.
    private final Map<String, PublicIdentity> keys = new HashMap<>();
    private final Map<String, Set<String>> members = new HashMap<>();
    private final Map<String, SenderKey> senderKeys = new HashMap<>();
    private volatile IdentityKey identity = IdentityKey.generate();
    private volatile DirectCipher direct;
    private volatile String user;

    private E2eeClient(LinkOptions options, E2eeListener listener) {
        this.listener = listener;
        this.worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-e2ee");
            thread.setDaemon(true);
            return thread;
        });
        this.link = Links.create(options, new Frames());
    }

    /**
     * Connects: the link opens, the relay names the user, and this client publishes a fresh identity key.
     *
     * @param options  where and how to connect (its subprotocols are replaced by the relay's)
     * @param listener what the application is told
     * @return the client; {@link #ready()} completes when its key is published
     */
    public static E2eeClient connect(LinkOptions.Builder options, E2eeListener listener) {
        E2eeClient client = new E2eeClient(options.subprotocols(SUBPROTOCOL).build(), listener);
        client.link.start();
        return client;
    }

    /** Completes when the relay knows this client's identity key; fails when the link closes for good first. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** The user the relay knows this client as, once {@link #ready()}. */
    public String user() {
        return user;
    }

    /** The id of this client's current identity key. */
    public String keyId() {
        return identity.keyId();
    }

    /**
     * Seals a text for a user and hands it to the relay.
     *
     * @param to   the recipient
     * @param text the message
     * @return completes with the message's reference (which the recipient's receipt names) when the relay took it
     */
    public CompletableFuture<String> sendDirect(String to, String text) {
        return onWorker(() -> {
            String ref = sendSealed(to, plain("text").add("text", text).build());
            return ref;
        });
    }

    /**
     * Creates a group with this user as owner and only member.
     *
     * @param group the group's name
     * @return completes when the relay created it
     */
    public CompletableFuture<Void> createGroup(String group) {
        return onWorker(() -> {
            JsonObject answer = request(
                    Json.createObjectBuilder().add("type", "create-group").add("group", group));
            groupState(answer);
            return null;
        });
    }

    /**
     * Joins a group, and hands the members a new sender key of this user.
     *
     * @param group the group's name
     * @return completes when this user is a member and its sender key went out
     */
    public CompletableFuture<Void> joinGroup(String group) {
        return onWorker(() -> {
            JsonObject answer =
                    request(Json.createObjectBuilder().add("type", "join-group").add("group", group));
            groupState(answer);
            rotateSenderKey(group);
            return null;
        });
    }

    /**
     * Leaves a group.
     *
     * @param group the group's name
     * @return completes when the relay removed this user
     */
    public CompletableFuture<Void> leaveGroup(String group) {
        return onWorker(() -> {
            request(Json.createObjectBuilder().add("type", "leave-group").add("group", group));
            members.remove(group);
            senderKeys.remove(group);
            return null;
        });
    }

    /**
     * Seals a text with this user's sender key of a group and hands it to the relay.
     *
     * @param group the group
     * @param text  the message
     * @return completes when the relay took it
     */
    public CompletableFuture<Void> sendGroup(String group, String text) {
        return onWorker(() -> {
            SenderKey key = senderKeys.get(group);
            if (key == null) {
                if (!members.containsKey(group)) {
                    // A group this client did not join in this run (the relay remembered it): ask who is in it.
                    groupState(request(
                            Json.createObjectBuilder().add("type", "members").add("group", group)));
                }
                key = rotateSenderKey(group);
            }
            SealedGroup sealed = key.seal(utf8(plain("text").add("text", text).build()));
            JsonObject envelope = Json.createObjectBuilder()
                    .add("v", 1)
                    .add("group", sealed.group())
                    .add("from", sealed.from())
                    .add("keyId", sealed.keyId())
                    .add("counter", sealed.counter())
                    .add("nonce", sealed.nonce())
                    .add("ciphertext", sealed.ciphertext())
                    .build();
            request(Json.createObjectBuilder()
                    .add("type", "group-message")
                    .add("group", group)
                    .add("envelope", envelope));
            return null;
        });
    }

    /**
     * Replaces this user's identity key with a new one and publishes it. Messages sealed for the old key are still
     * opened.
     *
     * @return completes when the relay holds the new key
     */
    public CompletableFuture<Void> rotateIdentity() {
        return onWorker(() -> {
            IdentityKey next = IdentityKey.generate();
            direct.rotate(next);
            identity = next;
            publishKey();
            return null;
        });
    }

    @Override
    public void close() {
        link.close();
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ready.completeExceptionally(new IllegalStateException("closed"));
        requests.values().forEach(r -> r.completeExceptionally(new IllegalStateException("closed")));
    }

    // ---- the worker -----------------------------------------------------------------------------------

    private interface Work<T> {
        T run() throws Exception;
    }

    private <T> CompletableFuture<T> onWorker(Work<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ready.thenRunAsync(
                        () -> {
                            try {
                                result.complete(work.run());
                            } catch (Exception | Error e) {
                                result.completeExceptionally(e);
                            }
                        },
                        worker)
                .exceptionally(e -> {
                    result.completeExceptionally(e);
                    return null;
                });
        return result;
    }

    /** Sends a request and waits for its answer; on the worker thread only (answers arrive on the link's). */
    private JsonObject request(JsonObjectBuilder frame) throws E2eeException {
        String id = "r" + ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        requests.put(id, answer);
        try {
            if (!link.send(frame.add("id", id).build().toString())) {
                throw new IllegalStateException("the link refused the frame: it is closed or its queue is full");
            }
            JsonObject reply = answer.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if ("error".equals(reply.getString("type", ""))) {
                throw new E2eeRefusedException(reply.getString("code", ""), reply.getString("text", ""));
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no answer from the relay to " + id, e);
        } finally {
            requests.remove(id);
        }
    }

    private void publishKey() throws E2eeException {
        IdentityKey key = identity;
        request(Json.createObjectBuilder()
                .add("type", "publish-key")
                .add("keyId", key.keyId())
                .add("key", key.publicKey()));
    }

    private PublicIdentity keyOf(String someone, String keyId) throws E2eeException {
        PublicIdentity known = keys.get(someone);
        if (known != null && (keyId == null || known.keyId().equals(keyId))) {
            return known;
        }
        JsonObject answer =
                request(Json.createObjectBuilder().add("type", "lookup").add("user", someone));
        PublicIdentity found =
                PublicIdentity.of(answer.getString("user"), answer.getString("keyId"), answer.getString("key"));
        keys.put(someone, found);
        if (keyId != null && !found.keyId().equals(keyId)) {
            throw new E2eeException(E2eeException.Reason.UNKNOWN_KEY, someone + " has no key " + keyId + " any more");
        }
        return found;
    }

    private String sendSealed(String to, JsonObject plaintext) throws E2eeException {
        SealedDirect sealed = direct.seal(keyOf(to, null), utf8(plaintext));
        JsonObject envelope = Json.createObjectBuilder()
                .add("v", 1)
                .add("from", sealed.from())
                .add("to", sealed.to())
                .add("senderKey", sealed.senderKey())
                .add("recipientKey", sealed.recipientKey())
                .add("counter", sealed.counter())
                .add("nonce", sealed.nonce())
                .add("ciphertext", sealed.ciphertext())
                .build();
        JsonObject answer = request(
                Json.createObjectBuilder().add("type", "direct").add("to", to).add("envelope", envelope));
        return answer.getString("id");
    }

    private SenderKey rotateSenderKey(String group) throws E2eeException {
        SenderKey key = SenderKey.create(group, user);
        senderKeys.put(group, key);
        SenderKeyDistribution distribution = key.distribution();
        for (String member : members.getOrDefault(group, Set.of())) {
            if (!member.equals(user)) {
                sendSealed(
                        member,
                        plain("sender-key")
                                .add("group", group)
                                .add("keyId", distribution.keyId())
                                .add("chain", distribution.chain())
                                .add("counter", distribution.counter())
                                .build());
            }
        }
        return key;
    }

    private void groupState(JsonObject frame) {
        Set<String> of = new LinkedHashSet<>();
        for (JsonValue member : frame.getJsonArray("members")) {
            of.add(((JsonString) member).getString());
        }
        members.put(frame.getString("group"), of);
    }

    /** A frame the relay pushed (not an answer): on the worker thread. */
    private void pushed(JsonObject frame) {
        String type = frame.getString("type", "");
        try {
            switch (type) {
                case "welcome" -> welcome(frame);
                case "key" -> {
                    PublicIdentity key = PublicIdentity.of(
                            frame.getString("user"), frame.getString("keyId"), frame.getString("key"));
                    keys.put(key.user(), key);
                }
                case "direct" -> openDirect(frame);
                case "group-message" -> openGroup(frame);
                case "receipt" -> listener.receipt(frame.getString("from"), frame.getString("ref"));
                case "member-joined", "member-left" -> membershipChanged(frame, type.equals("member-joined"));
                case "group-deleted" -> {
                    members.remove(frame.getString("group"));
                    senderKeys.remove(frame.getString("group"));
                }
                default -> {
                    // A frame of a later version of the relay.
                }
            }
        } catch (E2eeException e) {
            listener.rejected(frame.getString("from", ""), e);
        } catch (RuntimeException e) {
            listener.rejected(
                    frame.getString("from", ""),
                    new E2eeException(E2eeException.Reason.MALFORMED, "a " + type + " frame did not read: " + e));
        }
    }

    private void welcome(JsonObject frame) {
        user = frame.getString("user");
        if (direct == null) {
            direct = new DirectCipher(user, identity);
        }
        try {
            publishKey();
            ready.complete(null);
        } catch (E2eeException | RuntimeException e) {
            ready.completeExceptionally(e);
        }
    }

    private void membershipChanged(JsonObject frame, boolean joined) throws E2eeException {
        String group = frame.getString("group");
        String member = frame.getString("user");
        Set<String> of = members.computeIfAbsent(group, g -> new LinkedHashSet<>());
        if (joined) {
            of.add(member);
        } else {
            of.remove(member);
            groupKeys.forget(group, member);
        }
        listener.membership(group, member, joined);
        // A new key for the new membership: the joiner cannot read back, the leaver cannot read on.
        if (senderKeys.containsKey(group) && !member.equals(user)) {
            rotateSenderKey(group);
        }
    }

    private void openDirect(JsonObject frame) throws E2eeException {
        String from = frame.getString("from");
        JsonObject envelope = frame.getJsonObject("envelope");
        if (!from.equals(envelope.getString("from", null))) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "the envelope names another sender");
        }
        SealedDirect sealed = new SealedDirect(
                from,
                envelope.getString("to"),
                envelope.getString("senderKey"),
                envelope.getString("recipientKey"),
                envelope.getJsonNumber("counter").longValueExact(),
                envelope.getString("nonce"),
                envelope.getString("ciphertext"));
        JsonObject plaintext = parse(direct.open(sealed, keyOf(from, sealed.senderKey())));
        switch (plaintext.getString("kind", "")) {
            case "text" -> {
                listener.direct(from, plaintext.getString("text"));
                if (frame.containsKey("id")) {
                    link.send(Json.createObjectBuilder()
                            .add("type", "receipt")
                            .add("to", from)
                            .add("ref", frame.getString("id"))
                            .build()
                            .toString());
                }
            }
            case "sender-key" ->
                groupKeys.accept(new SenderKeyDistribution(
                        plaintext.getString("group"),
                        from,
                        plaintext.getString("keyId"),
                        plaintext.getString("chain"),
                        plaintext.getJsonNumber("counter").longValueExact()));
            default -> throw new E2eeException(E2eeException.Reason.MALFORMED, "an unknown kind of message");
        }
    }

    private void openGroup(JsonObject frame) throws E2eeException {
        String from = frame.getString("from");
        String group = frame.getString("group");
        JsonObject envelope = frame.getJsonObject("envelope");
        if (!from.equals(envelope.getString("from", null)) || !group.equals(envelope.getString("group", null))) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "the envelope names another sender or group");
        }
        SealedGroup sealed = new SealedGroup(
                group,
                from,
                envelope.getString("keyId"),
                envelope.getJsonNumber("counter").longValueExact(),
                envelope.getString("nonce"),
                envelope.getString("ciphertext"));
        JsonObject plaintext = parse(groupKeys.open(sealed));
        if (!"text".equals(plaintext.getString("kind", ""))) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "an unknown kind of group message");
        }
        listener.group(group, from, plaintext.getString("text"));
    }

    private static JsonObjectBuilder plain(String kind) {
        return Json.createObjectBuilder().add("kind", kind);
    }

    private static byte[] utf8(JsonObject object) {
        return object.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject parse(byte[] plaintext) throws E2eeException {
        try (var reader = Json.createReader(new StringReader(new String(plaintext, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new E2eeException(E2eeException.Reason.MALFORMED, "the plaintext is not a JSON object");
        }
    }

    /** The link's frames: answers complete their requests, everything else goes to the worker in order. */
    private final class Frames implements LinkListener {
        @Override
        public void opened(LinkSession session) {}

        @Override
        public void text(String text) {
            JsonObject frame;
            try (var reader = Json.createReader(new StringReader(text))) {
                frame = reader.readObject();
            } catch (RuntimeException e) {
                return;
            }
            String id = frame.getString("id", null);
            String type = frame.getString("type", "");
            CompletableFuture<JsonObject> waiting = id == null ? null : requests.get(id);
            if (waiting != null && !type.equals("direct")) {
                waiting.complete(frame);
                return;
            }
            if (type.equals("error") && !ready.isDone()) {
                ready.completeExceptionally(
                        new E2eeRefusedException(frame.getString("code", ""), frame.getString("text", "")));
                return;
            }
            try {
                worker.execute(() -> pushed(frame));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // The client is closing.
            }
        }

        @Override
        public void closed(LinkClosed closed) {
            if (!closed.retrying()) {
                ready.completeExceptionally(new IllegalStateException("the link closed: " + closed.reason()));
            }
        }
    }

    /** The relay refused a request; {@link #code()} is the relay's error code. */
    public static final class E2eeRefusedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String code;

        E2eeRefusedException(String code, String text) {
            super(code + ": " + text);
            this.code = code;
        }

        /** The relay's error code ({@code no-key}, {@code not-member}, ...). */
        public String code() {
            return code;
        }
    }

    /** The members of a group as this client knows them. */
    List<String> membersOf(String group) {
        return new ArrayList<>(members.getOrDefault(group, Set.of()));
    }
}
