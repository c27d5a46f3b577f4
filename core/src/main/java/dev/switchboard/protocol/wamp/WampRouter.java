package dev.switchboard.protocol.wamp;

import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Publication;
import dev.switchboard.api.PublicationProperties;
import dev.switchboard.api.RpcException;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.auth.Authentication;
import dev.switchboard.auth.RpcPermissions;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.HubConnection;
import dev.switchboard.rpc.RpcAllowList;
import dev.switchboard.rpc.RpcInvoker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WAMP v2 router behind the {@code wamp.2.json} and {@code wamp.2.msgpack} beans: keeps each connection's
 * session, runs the broker role on the hub (a topic URI is a hub channel, so WAMP shares one channel space with sgc,
 * STOMP, MQTT and SSE) and the dealer role between the WAMP callees of this node and the application's
 * {@code @RpcMethod} beans. The package documentation describes the behaviour.
 */
@ApplicationScoped
public class WampRouter {

    // Message type codes (WAMP v2 §"Message Codes and Direction").
    static final int HELLO = 1;
    static final int WELCOME = 2;
    static final int ABORT = 3;
    static final int CHALLENGE = 4;
    static final int AUTHENTICATE = 5;
    static final int GOODBYE = 6;
    static final int ERROR = 8;
    static final int PUBLISH = 16;
    static final int PUBLISHED = 17;
    static final int SUBSCRIBE = 32;
    static final int SUBSCRIBED = 33;
    static final int UNSUBSCRIBE = 34;
    static final int UNSUBSCRIBED = 35;
    static final int EVENT = 36;
    static final int CALL = 48;
    static final int CANCEL = 49;
    static final int RESULT = 50;
    static final int REGISTER = 64;
    static final int REGISTERED = 65;
    static final int UNREGISTER = 66;
    static final int UNREGISTERED = 67;
    static final int INVOCATION = 68;
    static final int INTERRUPT = 69;
    static final int YIELD = 70;

    /** The authentication methods this router offers: a password sent as is, and WAMP challenge-response. */
    static final String TICKET = "ticket";

    static final String WAMPCRA = "wampcra";

    static final String PROTOCOL_VIOLATION = "wamp.error.protocol_violation";
    static final String NO_SUCH_REALM = "wamp.error.no_such_realm";
    static final String AUTHENTICATION_FAILED = "wamp.error.authentication_failed";
    static final String NOT_AUTHORIZED = "wamp.error.not_authorized";
    static final String INVALID_URI = "wamp.error.invalid_uri";
    static final String NO_SUCH_SUBSCRIPTION = "wamp.error.no_such_subscription";
    static final String NO_SUCH_REGISTRATION = "wamp.error.no_such_registration";
    static final String NO_SUCH_PROCEDURE = "wamp.error.no_such_procedure";
    static final String PROCEDURE_ALREADY_EXISTS = "wamp.error.procedure_already_exists";
    static final String INVALID_ARGUMENT = "wamp.error.invalid_argument";
    static final String CANCELED = "wamp.error.canceled";
    static final String TIMEOUT = "wamp.error.timeout";
    static final String GOODBYE_AND_OUT = "wamp.close.goodbye_and_out";
    static final String CLOSE_REALM = "wamp.close.close_realm";
    /** A refusal by a Switchboard budget, which the WAMP specification has no URI for. */
    static final String BUDGET_EXCEEDED = "switchboard.error.budget_exceeded";
    /** An {@code @RpcMethod}'s own failure; kwargs carry its code and data. */
    static final String RPC_ERROR = "switchboard.error.rpc";

    /** The publication property holding the WAMP publication id, so every subscriber's EVENT names the same one. */
    static final String PUBLICATION_ID = "wamp.publication";
    /**
     * The publication property saying how the text holds WAMP arguments: {@code args} (a JSON array) or
     * {@code argskw} (a JSON object with {@code args} and {@code kwargs}). Without it the text is one argument.
     */
    static final String PAYLOAD_FORM = "wamp.payload";
    /** The publication property present when the publisher asked to receive its own publication. */
    static final String INCLUDE_ME = "wamp.include_me";

    /** The largest WAMP id (2^53), so that every id survives a JavaScript number. */
    static final long MAX_ID = 1L << 53;

    private static final System.Logger LOG = System.getLogger(WampRouter.class.getName());
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(2);
    private static final Duration FLUSH_POLL = Duration.ofMillis(20);

    private Hub hub;
    private ChannelPolicy policy;
    private Authentication authentication;
    private RpcInvoker rpc;
    private RpcPermissions rpcAccess;
    private WampSettings settings;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong publicationIds = new AtomicLong();
    private final AtomicLong registrationIds = new AtomicLong();
    private final ConcurrentHashMap<String, WampSession> sessions = new ConcurrentHashMap<>();
    /** Procedure URI to its one callee (single invocation policy); node-local. */
    private final ConcurrentHashMap<String, Registration> procedures = new ConcurrentHashMap<>();

    /** For the container's client proxy. */
    protected WampRouter() {}

    /**
     * Creates the router.
     *
     * @param hub            the hub
     * @param policy         the subscribe and publish rules
     * @param authentication checks tickets
     * @param rpc            the application's RPC methods
     * @param rpcAccess      the authorisation of calls to them
     * @param settings       the WAMP settings
     */
    @Inject
    public WampRouter(
            Hub hub,
            ChannelPolicy policy,
            Authentication authentication,
            RpcInvoker rpc,
            RpcPermissions rpcAccess,
            WampSettings settings) {
        this.hub = hub;
        this.policy = policy;
        this.authentication = authentication;
        this.rpc = rpc;
        this.rpcAccess = rpcAccess;
        this.settings = settings;
    }

    // ---- state --------------------------------------------------------------------------------------------------

    /** One procedure registered by one callee. */
    record Registration(long id, String procedure, WampSession callee) {}

    /** One subscription of a session. */
    record Subscription(long id, String match, String topic, String hubName) {}

    /** A call waiting for its callee. */
    static final class PendingCall {
        final WampSession caller;
        final long callRequest;
        final WampSession callee;
        final long invocation;
        final boolean receiveProgress;
        Future<?> timer;

        PendingCall(WampSession caller, long callRequest, WampSession callee, long invocation, boolean progress) {
            this.caller = caller;
            this.callRequest = callRequest;
            this.callee = callee;
            this.invocation = invocation;
            this.receiveProgress = progress;
        }
    }

    /**
     * A login waiting for the client's AUTHENTICATE.
     *
     * @param authid    the authid of the HELLO
     * @param cra       for WAMP-CRA, the challenge and its text; null for a ticket
     * @param challenge the challenge text the client signs; null for a ticket
     */
    record PendingLogin(String authid, Authentication.Challenge cra, String challenge) {}

    /** One connection's WAMP session; its fields are guarded by the session's monitor. */
    static final class WampSession {
        final Connection connection;
        /** True for {@code wamp.2.msgpack}: messages travel as MessagePack in binary frames. */
        final boolean binary;

        long id;
        String realm;
        boolean joined;
        boolean ended;
        /** The login a CHALLENGE asked for, while it is outstanding. */
        PendingLogin pendingLogin;

        boolean calleeCancels;
        Future<?> helloTimer;
        long nextSubscriptionId;
        long nextInvocationId;
        final Map<Long, Subscription> subscriptions = new LinkedHashMap<>();
        /** Subscriptions whose SUBSCRIBED is not sent yet: they get no EVENT. */
        final java.util.Set<Long> unannounced = new java.util.HashSet<>();

        final Map<Long, Registration> registrations = new HashMap<>();
        /** Calls this session made, by its request id. */
        final Map<Long, PendingCall> calls = new HashMap<>();
        /** Invocations this session is to answer, by invocation id. */
        final Map<Long, PendingCall> invocations = new HashMap<>();

        WampSession(Connection connection, boolean binary) {
            this.connection = connection;
            this.binary = binary;
        }
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------------

    void open(Connection connection, boolean binary) {
        WampSession session = new WampSession(connection, binary);
        sessions.put(connection.id(), session);
        // Without this deadline a client that never sends HELLO would hold its connection until the idle timeout.
        session.helloTimer = hub.scheduler().schedule(() -> helloTimedOut(session), settings.helloTimeout());
    }

    private void helloTimedOut(WampSession session) {
        synchronized (session) {
            if (session.joined || session.ended) {
                return;
            }
        }
        abort(
                session,
                PROTOCOL_VIOLATION,
                "no HELLO within " + settings.helloTimeout().toMillis() + " ms",
                CloseCodes.HEARTBEAT_TIMEOUT);
    }

    void closed(Connection connection) {
        if (rpc != null) {
            rpc.cancelPending(connection);
        }
        WampSession session = sessions.remove(connection.id());
        if (session == null) {
            return;
        }
        List<PendingCall> calls;
        List<PendingCall> invocations;
        synchronized (session) {
            session.ended = true;
            if (session.helloTimer != null) {
                session.helloTimer.cancel(false);
            }
            for (Registration registration : session.registrations.values()) {
                procedures.remove(registration.procedure(), registration);
            }
            session.registrations.clear();
            // Left in the maps: forget() below removes each call from both of its sessions and tells who answers.
            calls = new ArrayList<>(session.calls.values());
            invocations = new ArrayList<>(session.invocations.values());
        }
        // A callee that went away: its callers learn the call is canceled rather than wait for the timeout.
        for (PendingCall call : invocations) {
            if (forget(call)) {
                sendError(call.caller, CALL, call.callRequest, CANCELED, "the callee went away");
            }
        }
        // A caller that went away: its callees may stop working on the calls.
        for (PendingCall call : calls) {
            if (forget(call)) {
                interrupt(call, "killnowait");
            }
        }
    }

    // ---- inbound ------------------------------------------------------------------------------------------------

    void received(Connection connection, String text) {
        WampSession session = sessions.get(connection.id());
        if (session == null || session.ended) {
            return;
        }
        try {
            if (text.length() > settings.maxMessageChars()) {
                throw new WampProtocolException(
                        "a message may have at most " + settings.maxMessageChars() + " characters");
            }
            handle(session, parse(text));
        } catch (WampProtocolException e) {
            abort(session, e.reason(), e.getMessage(), CloseCodes.PROTOCOL_ERROR);
        }
    }

    void received(Connection connection, java.nio.ByteBuffer bytes) {
        WampSession session = sessions.get(connection.id());
        if (session == null || session.ended) {
            return;
        }
        try {
            if (bytes.remaining() > settings.maxMessageChars()) {
                throw new WampProtocolException("a message may have at most " + settings.maxMessageChars() + " bytes");
            }
            JsonValue value = WampMsgpack.decode(bytes);
            if (!(value instanceof JsonArray array) || array.isEmpty()) {
                throw new WampProtocolException("a message must be a non-empty array");
            }
            handle(session, array);
        } catch (WampProtocolException e) {
            abort(session, e.reason(), e.getMessage(), CloseCodes.PROTOCOL_ERROR);
        }
    }

    private static JsonArray parse(String text) throws WampProtocolException {
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (RuntimeException e) {
            // JsonParsingException and JsonException mostly; a provider may throw others on hostile input.
            throw new WampProtocolException("the message is not JSON");
        }
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw new WampProtocolException("a message must be a non-empty JSON array");
        }
        return array;
    }

    private void handle(WampSession session, JsonArray message) throws WampProtocolException {
        int type = (int) id(message, 0, "message type", 0, 255);
        boolean joined;
        synchronized (session) {
            joined = session.joined;
        }
        if (!joined) {
            switch (type) {
                case HELLO -> hello(session, message);
                case AUTHENTICATE -> authenticate(session, message);
                case ABORT -> session.connection.close(CloseCodes.NORMAL, "ABORT");
                default -> throw new WampProtocolException("the first message must be HELLO, not type " + type);
            }
            return;
        }
        switch (type) {
            case HELLO -> throw new WampProtocolException("HELLO in an established session");
            case GOODBYE -> goodbye(session, message);
            case ABORT -> session.connection.close(CloseCodes.NORMAL, "ABORT");
            case SUBSCRIBE -> subscribe(session, message);
            case UNSUBSCRIBE -> unsubscribe(session, message);
            case PUBLISH -> publish(session, message);
            case REGISTER -> register(session, message);
            case UNREGISTER -> unregister(session, message);
            case CALL -> call(session, message);
            case CANCEL -> cancel(session, message);
            case YIELD -> yielded(session, message);
            case ERROR -> calleeError(session, message);
            default -> throw new WampProtocolException("message type " + type + " is not one a client sends");
        }
    }

    // ---- session ------------------------------------------------------------------------------------------------

    private void hello(WampSession session, JsonArray message) throws WampProtocolException {
        arity(message, 3, 3, "HELLO");
        String realm = uri(message, 1, "realm");
        JsonObject details = dict(message, 2, "details");
        if (!settings.realms().contains(realm)) {
            abort(session, NO_SUCH_REALM, "no realm " + realm, CloseCodes.NORMAL);
            return;
        }
        JsonObject callee = object(object(details, "roles"), "callee");
        boolean calleeCancels = object(callee, "features").getBoolean("call_canceling", false);
        Optional<String> current = session.connection.principal().map(Principal::getName);
        String authid = details.get("authid") instanceof JsonString s ? s.getString() : null;
        // The first method of the client's list (its order of preference) that this router knows.
        String authmethod = null;
        if (details.get("authmethods") instanceof JsonArray methods) {
            for (JsonValue method : methods) {
                if (method instanceof JsonString m
                        && (m.getString().equals(TICKET) || m.getString().equals(WAMPCRA))) {
                    authmethod = m.getString();
                    break;
                }
            }
        }
        synchronized (session) {
            if (session.realm != null) {
                // A second HELLO while the first one's CHALLENGE is outstanding.
                throw new WampProtocolException("a session sends HELLO once");
            }
            session.realm = realm;
            session.calleeCancels = calleeCancels;
        }
        if (current.isPresent()) {
            if (authid != null && !authid.equals(current.get())) {
                abort(session, AUTHENTICATION_FAILED, "authid names another user than the connection's", 0);
                return;
            }
            welcome(session, current.get(), "http");
            return;
        }
        if (authmethod != null && authid != null && !authid.isEmpty()) {
            challenge(session, authmethod, authid);
            return;
        }
        if (!settings.anonymous()) {
            abort(session, AUTHENTICATION_FAILED, "this router admits authenticated clients only", 0);
            return;
        }
        welcome(session, null, "anonymous");
    }

    private void challenge(WampSession session, String authmethod, String authid) {
        PendingLogin login;
        JsonObject extra;
        if (authmethod.equals(WAMPCRA)) {
            Authentication.Challenge cra = authentication.challenge(authid);
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            // The text the client signs; its fields follow the WAMP-CRA examples, and the nonce makes every challenge
            // unique, so that a signature seen once answers no other challenge.
            String text = Json.createObjectBuilder()
                    .add("authid", authid)
                    .add("authrole", "user")
                    .add("authmethod", WAMPCRA)
                    .add("authprovider", "switchboard")
                    .add("nonce", Base64.getEncoder().encodeToString(nonce))
                    .add("timestamp", authentication.now().toString())
                    .build()
                    .toString();
            login = new PendingLogin(authid, cra, text);
            extra = Json.createObjectBuilder()
                    .add("challenge", text)
                    .add("salt", cra.salt())
                    .add("iterations", cra.iterations())
                    .add("keylen", cra.keyLength())
                    .build();
        } else {
            login = new PendingLogin(authid, null, null);
            extra = JsonValue.EMPTY_JSON_OBJECT;
        }
        synchronized (session) {
            session.pendingLogin = login;
        }
        send(
                session,
                Json.createArrayBuilder()
                        .add(CHALLENGE)
                        .add(authmethod)
                        .add(extra)
                        .build());
    }

    private void authenticate(WampSession session, JsonArray message) throws WampProtocolException {
        arity(message, 3, 3, "AUTHENTICATE");
        String signature = string(message, 1, "signature");
        dict(message, 2, "extra");
        PendingLogin login;
        synchronized (session) {
            login = session.pendingLogin;
            session.pendingLogin = null;
        }
        if (login == null) {
            throw new WampProtocolException("AUTHENTICATE without a CHALLENGE");
        }
        Connection connection = session.connection;
        String authmethod = login.cra() == null ? TICKET : WAMPCRA;
        Identity identity;
        try {
            identity = login.cra() == null
                    ? authentication.password(
                            login.authid(), signature.toCharArray(), null, "wamp", connection.clientAddress())
                    : authentication.answer(
                            login.cra(),
                            key -> WampCra.signedWith(key, login.challenge(), signature),
                            WAMPCRA,
                            connection.clientAddress());
        } catch (AuthenticationException | RuntimeException e) {
            abort(session, AUTHENTICATION_FAILED, authmethod + " refused", 0);
            return;
        }
        if (connection instanceof HubConnection own) {
            // The login's user becomes the connection's identity for the permission rules.
            own.replaceIdentity(identity);
        }
        welcome(session, identity.name(), authmethod);
    }

    private void welcome(WampSession session, String authid, String authmethod) {
        long id = 1 + (random.nextLong() & (MAX_ID - 1));
        JsonObject broker = Json.createObjectBuilder()
                .add(
                        "features",
                        Json.createObjectBuilder()
                                .add("publisher_exclusion", true)
                                .add("pattern_based_subscription", true))
                .build();
        JsonObject dealer = Json.createObjectBuilder()
                .add(
                        "features",
                        Json.createObjectBuilder()
                                .add("progressive_call_results", true)
                                .add("call_canceling", true)
                                .add("call_timeout", true))
                .build();
        var details = Json.createObjectBuilder()
                .add("realm", session.realm)
                .add("roles", Json.createObjectBuilder().add("broker", broker).add("dealer", dealer))
                .add("authmethod", authmethod)
                .add("authrole", authid == null ? "anonymous" : "user");
        if (authid != null) {
            details.add("authid", authid);
        }
        synchronized (session) {
            session.id = id;
            session.joined = true;
            if (session.helloTimer != null) {
                session.helloTimer.cancel(false);
            }
        }
        send(
                session,
                Json.createArrayBuilder().add(WELCOME).add(id).add(details).build());
    }

    private void goodbye(WampSession session, JsonArray message) throws WampProtocolException {
        arity(message, 3, 3, "GOODBYE");
        dict(message, 1, "details");
        uri(message, 2, "reason");
        synchronized (session) {
            session.ended = true;
        }
        send(
                session,
                Json.createArrayBuilder()
                        .add(GOODBYE)
                        .add(JsonValue.EMPTY_JSON_OBJECT)
                        .add(GOODBYE_AND_OUT)
                        .build());
        closeAfterFlush(session.connection, CloseCodes.NORMAL, "GOODBYE");
    }

    // ---- broker -------------------------------------------------------------------------------------------------

    private void subscribe(WampSession session, JsonArray message) throws WampProtocolException {
        arity(message, 4, 4, "SUBSCRIBE");
        long request = id(message, 1, "request");
        JsonObject options = dict(message, 2, "options");
        String match = options.getString("match", WampTopicFilter.EXACT);
        if (!match.equals(WampTopicFilter.EXACT)
                && !match.equals(WampTopicFilter.PREFIX)
                && !match.equals(WampTopicFilter.WILDCARD)) {
            sendError(session, SUBSCRIBE, request, INVALID_ARGUMENT, "match must be exact, prefix or wildcard");
            return;
        }
        Optional<String> topic = topic(string(message, 3, "topic"), !match.equals(WampTopicFilter.EXACT));
        if (topic.isEmpty()) {
            sendError(session, SUBSCRIBE, request, INVALID_URI, "the topic is not a valid channel name");
            return;
        }
        String channel = topic.get();
        Connection connection = session.connection;
        SubscribeDecision decision = policy.decideSubscribe(connection, channel);
        if (!decision.allowed()) {
            sendError(session, SUBSCRIBE, request, NOT_AUTHORIZED, decision.message());
            return;
        }
        WampTopicFilter filter = match.equals(WampTopicFilter.EXACT) ? null : new WampTopicFilter(match, channel);
        String hubName = filter == null ? channel : filter.key();
        long subscriptionId;
        synchronized (session) {
            for (Subscription existing : session.subscriptions.values()) {
                if (existing.hubName().equals(hubName)) {
                    // The same topic and match policy again is the same subscription (WAMP §"Subscribe").
                    send(
                            session,
                            Json.createArrayBuilder()
                                    .add(SUBSCRIBED)
                                    .add(request)
                                    .add(existing.id())
                                    .build());
                    return;
                }
            }
            int budget = hub.budgets().subscriptionsOf(connection);
            Optional<String> overBudget = session.subscriptions.size() >= budget
                    ? Optional.of("a connection may hold " + budget + " subscriptions")
                    : hub.subscriptionRefusal(connection, hubName);
            if (overBudget.isPresent()) {
                hub.budgetRefused(connection);
                sendError(session, SUBSCRIBE, request, BUDGET_EXCEEDED, overBudget.get());
                return;
            }
            subscriptionId = ++session.nextSubscriptionId;
            session.subscriptions.put(subscriptionId, new Subscription(subscriptionId, match, channel, hubName));
            session.unannounced.add(subscriptionId);
        }
        if (filter == null) {
            hub.subscribeOne(connection, channel);
        } else {
            hub.subscribeFilter(connection, filter);
        }
        synchronized (session) {
            // SUBSCRIBED is queued under the lock deliver() takes, so no EVENT of this subscription precedes it.
            session.unannounced.remove(subscriptionId);
            send(
                    session,
                    Json.createArrayBuilder()
                            .add(SUBSCRIBED)
                            .add(request)
                            .add(subscriptionId)
                            .build());
        }
    }

    private void unsubscribe(WampSession session, JsonArray message) throws WampProtocolException {
        arity(message, 3, 3, "UNSUBSCRIBE");
        long request = id(message, 1, "request");
        long subscriptionId = id(message, 2, "subscription");
        Subscription subscription;
        synchronized (session) {
            subscription = session.subscriptions.remove(subscriptionId);
        }
        if (subscription == null) {
            sendError(session, UNSUBSCRIBE, request, NO_SUCH_SUBSCRIPTION, "no subscription " + subscriptionId);
            return;
        }
        if (subscription.match().equals(WampTopicFilter.EXACT)) {
            hub.unsubscribe(session.connection, subscription.topic());
        } else {
            hub.unsubscribeFilter(session.connection, subscription.hubName());
        }
        send(session, Json.createArrayBuilder().add(UNSUBSCRIBED).add(request).build());
    }

    private void publish(WampSession session, JsonArray message) throws WampProtocolException {
        arity(message, 4, 6, "PUBLISH");
        long request = id(message, 1, "request");
        JsonObject options = dict(message, 2, "options");
        String rawTopic = string(message, 3, "topic");
        JsonArray args = message.size() > 4 ? list(message, 4, "arguments") : JsonValue.EMPTY_JSON_ARRAY;
        JsonObject kwargs = message.size() > 5 ? dict(message, 5, "keyword arguments") : JsonValue.EMPTY_JSON_OBJECT;
        boolean acknowledge = options.getBoolean("acknowledge", false);
        Optional<String> topic = topic(rawTopic, false);
        if (topic.isEmpty()) {
            if (acknowledge) {
                sendError(session, PUBLISH, request, INVALID_URI, "the topic is not a valid channel name");
            }
            return;
        }
        String channel = topic.get();
        Connection connection = session.connection;
        long publicationId = publicationId();
        PublicationProperties.Builder properties =
                PublicationProperties.builder().add(PUBLICATION_ID, Long.toString(publicationId));
        String text;
        if (kwargs.isEmpty() && args.size() == 1 && args.get(0) instanceof JsonString one) {
            // One string argument is the publication's text as every other protocol sees it.
            text = one.getString();
        } else if (kwargs.isEmpty()) {
            text = args.toString();
            properties.add(PAYLOAD_FORM, "args");
        } else {
            text = Json.createObjectBuilder()
                    .add("args", args)
                    .add("kwargs", kwargs)
                    .build()
                    .toString();
            properties.add(PAYLOAD_FORM, "argskw");
        }
        if (!options.getBoolean("exclude_me", true)) {
            properties.add(INCLUDE_ME, "true");
        }
        PublicationProperties built = properties.build();
        Optional<String> overBudget = hub.propertyBudget().refusal(built);
        if (overBudget.isPresent()) {
            if (acknowledge) {
                sendError(session, PUBLISH, request, BUDGET_EXCEEDED, overBudget.get());
            }
            return;
        }
        PublishDecision decision = policy.decidePublish(connection, channel, text);
        if (!decision.allowed()) {
            if (acknowledge) {
                sendError(session, PUBLISH, request, NOT_AUTHORIZED, decision.message());
            }
            return;
        }
        Runnable accepted = acknowledge
                ? () -> send(
                        session,
                        Json.createArrayBuilder()
                                .add(PUBLISHED)
                                .add(request)
                                .add(publicationId)
                                .build())
                : () -> {};
        hub.publishTracked(
                        channel,
                        decision.rewritten().orElse(text),
                        Optional.of(connection),
                        Optional.empty(),
                        built,
                        accepted)
                .whenComplete((count, error) -> {
                    if (error != null && acknowledge) {
                        sendError(session, PUBLISH, request, NOT_AUTHORIZED, "the publication was refused");
                    }
                });
    }

    private long publicationId() {
        return 1 + (random.nextLong() & (MAX_ID - 1));
    }

    /**
     * Delivers a publication to the subscriptions of one connection (see
     * {@link dev.switchboard.spi.SubprotocolHandler#deliverPublication}): one EVENT per matching subscription.
     */
    void deliver(Connection subscriber, Publication publication) {
        WampSession session = sessions.get(subscriber.id());
        if (session == null) {
            return;
        }
        PublicationProperties properties = publication.properties();
        if (publication.publisher().filter(subscriber.id()::equals).isPresent() && !properties.has(INCLUDE_ME)) {
            // exclude_me defaults to true (WAMP §"Publisher Exclusion").
            return;
        }
        String channel = publication.channel();
        List<Long> ids = new ArrayList<>(1);
        synchronized (session) {
            if (!session.joined || session.ended) {
                return;
            }
            for (Subscription subscription : session.subscriptions.values()) {
                if (!session.unannounced.contains(subscription.id())
                        && WampTopicFilter.matches(subscription.match(), subscription.topic(), channel)) {
                    ids.add(subscription.id());
                }
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        long publicationId = properties
                .get(PUBLICATION_ID)
                .map(WampRouter::parseIdOrZero)
                .filter(id -> id > 0)
                .orElseGet(() -> publicationIds.updateAndGet(n -> n >= MAX_ID ? 1 : n + 1));
        JsonArray[] payload = payloadOf(publication);
        for (long subscriptionId : ids) {
            var details = Json.createObjectBuilder();
            Subscription subscription;
            synchronized (session) {
                subscription = session.subscriptions.get(subscriptionId);
            }
            if (subscription != null && !subscription.match().equals(WampTopicFilter.EXACT)) {
                // A pattern subscriber learns the concrete topic (WAMP §"Pattern-based Subscriptions").
                details.add("topic", channel);
            }
            JsonArrayBuilder event = Json.createArrayBuilder()
                    .add(EVENT)
                    .add(subscriptionId)
                    .add(publicationId)
                    .add(details);
            addPayload(event, payload);
            send(session, event.build());
        }
    }

    private static long parseIdOrZero(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The WAMP arguments of a publication: what a WAMP publisher sent, or one argument holding the text (the Base64
     * text of a binary publication) of any other protocol's. Returns {args, kwargs-as-array-or-null}.
     */
    private static JsonArray[] payloadOf(Publication publication) {
        Optional<JsonValue> structured = WampHubMapping.structuredPayload(publication);
        if (structured.isPresent()) {
            if (structured.get() instanceof JsonArray args) {
                return new JsonArray[] {args, null};
            }
            if (structured.get() instanceof JsonObject both
                    && both.get("args") instanceof JsonArray args
                    && both.get("kwargs") instanceof JsonObject kwargs) {
                return new JsonArray[] {
                    args, Json.createArrayBuilder().add(kwargs).build()
                };
            }
            // An object that is not both: a rule rewrote the text, which is delivered as the one argument it now is.
        }
        return new JsonArray[] {
            Json.createArrayBuilder().add(publication.message()).build(), null
        };
    }

    private static void addPayload(JsonArrayBuilder message, JsonArray[] payload) {
        JsonArray args = payload[0];
        JsonArray kwargs = payload[1];
        if (kwargs != null && !kwargs.getJsonObject(0).isEmpty()) {
            message.add(args).add(kwargs.get(0));
        } else if (!args.isEmpty()) {
            message.add(args);
        }
    }

    // ---- dealer -------------------------------------------------------------------------------------------------

    private void register(WampSession session, JsonArray message) throws WampProtocolException {
        arity(message, 4, 4, "REGISTER");
        long request = id(message, 1, "request");
        dict(message, 2, "options");
        String procedure = string(message, 3, "procedure");
        if (!validProcedure(procedure)) {
            sendError(session, REGISTER, request, INVALID_URI, "not a valid procedure URI");
            return;
        }
        if (rpc.contains(procedure)) {
            sendError(session, REGISTER, request, PROCEDURE_ALREADY_EXISTS, "the application serves " + procedure);
            return;
        }
        Registration registration;
        synchronized (session) {
            if (session.registrations.size() >= settings.maxRegistrations()) {
                hub.budgetRefused(session.connection);
                sendError(
                        session,
                        REGISTER,
                        request,
                        BUDGET_EXCEEDED,
                        "a connection may register " + settings.maxRegistrations() + " procedures");
                return;
            }
            registration = new Registration(registrationIds.incrementAndGet(), procedure, session);
            if (procedures.putIfAbsent(procedure, registration) != null) {
                sendError(session, REGISTER, request, PROCEDURE_ALREADY_EXISTS, procedure + " is registered");
                return;
            }
            session.registrations.put(registration.id(), registration);
        }
        send(
                session,
                Json.createArrayBuilder()
                        .add(REGISTERED)
                        .add(request)
                        .add(registration.id())
                        .build());
    }

    private void unregister(WampSession session, JsonArray message) throws WampProtocolException {
        arity(message, 3, 3, "UNREGISTER");
        long request = id(message, 1, "request");
        long registrationId = id(message, 2, "registration");
        Registration registration;
        synchronized (session) {
            registration = session.registrations.remove(registrationId);
            if (registration != null) {
                procedures.remove(registration.procedure(), registration);
            }
        }
        if (registration == null) {
            sendError(session, UNREGISTER, request, NO_SUCH_REGISTRATION, "no registration " + registrationId);
            return;
        }
        send(session, Json.createArrayBuilder().add(UNREGISTERED).add(request).build());
    }

    private void call(WampSession session, JsonArray message) throws WampProtocolException {
        arity(message, 4, 6, "CALL");
        long request = id(message, 1, "request");
        JsonObject options = dict(message, 2, "options");
        String procedure = string(message, 3, "procedure");
        JsonArray args = message.size() > 4 ? list(message, 4, "arguments") : JsonValue.EMPTY_JSON_ARRAY;
        JsonObject kwargs = message.size() > 5 ? dict(message, 5, "keyword arguments") : JsonValue.EMPTY_JSON_OBJECT;
        Registration registration = procedures.get(procedure);
        if (registration == null) {
            if (rpc.contains(procedure)) {
                callApplication(session, request, procedure, args, kwargs);
            } else {
                sendError(session, CALL, request, NO_SUCH_PROCEDURE, "no procedure " + procedure);
            }
            return;
        }
        boolean receiveProgress = options.getBoolean("receive_progress", false);
        long timeoutMillis = settings.callTimeout().toMillis();
        if (options.get("timeout") instanceof JsonNumber asked && asked.isIntegral() && asked.longValue() > 0) {
            timeoutMillis = Math.min(timeoutMillis, asked.longValue());
        }
        WampSession callee = registration.callee();
        PendingCall pending;
        synchronized (session) {
            if (session.calls.containsKey(request)) {
                throw new WampProtocolException("request id " + request + " of a call that is still pending");
            }
            if (session.calls.size() >= settings.maxPendingCalls()) {
                hub.budgetRefused(session.connection);
                sendError(
                        session,
                        CALL,
                        request,
                        BUDGET_EXCEEDED,
                        "a connection may have " + settings.maxPendingCalls() + " calls pending");
                return;
            }
        }
        synchronized (callee) {
            if (callee.ended) {
                pending = null;
            } else {
                long invocation = ++callee.nextInvocationId;
                pending = new PendingCall(session, request, callee, invocation, receiveProgress);
                callee.invocations.put(invocation, pending);
            }
        }
        if (pending == null) {
            sendError(session, CALL, request, NO_SUCH_PROCEDURE, "no procedure " + procedure);
            return;
        }
        synchronized (session) {
            session.calls.put(request, pending);
        }
        PendingCall timed = pending;
        pending.timer = hub.scheduler().schedule(() -> timedOut(timed), Duration.ofMillis(timeoutMillis));
        var details = Json.createObjectBuilder();
        if (receiveProgress) {
            details.add("receive_progress", true);
        }
        JsonArrayBuilder invocation = Json.createArrayBuilder()
                .add(INVOCATION)
                .add(pending.invocation)
                .add(registration.id())
                .add(details);
        addArguments(invocation, args, kwargs);
        send(callee, invocation.build());
    }

    private void timedOut(PendingCall call) {
        if (forget(call)) {
            sendError(call.caller, CALL, call.callRequest, CANCELED, "the call timed out");
            interrupt(call, "killnowait");
        }
    }

    /** Removes a pending call from both sides; true when this call did it (and so answers the caller). */
    private static boolean forget(PendingCall call) {
        boolean had;
        synchronized (call.callee) {
            had = call.callee.invocations.remove(call.invocation, call);
        }
        synchronized (call.caller) {
            call.caller.calls.remove(call.callRequest, call);
        }
        if (had && call.timer != null) {
            call.timer.cancel(false);
        }
        return had;
    }

    /** Sends INTERRUPT to a callee that announced it understands it; other callees' results are just dropped. */
    private void interrupt(PendingCall call, String mode) {
        boolean cancels;
        synchronized (call.callee) {
            cancels = call.callee.calleeCancels && !call.callee.ended;
        }
        if (cancels) {
            send(
                    call.callee,
                    Json.createArrayBuilder()
                            .add(INTERRUPT)
                            .add(call.invocation)
                            .add(Json.createObjectBuilder().add("mode", mode))
                            .build());
        }
    }

    private void cancel(WampSession session, JsonArray message) throws WampProtocolException {
        arity(message, 3, 3, "CANCEL");
        long request = id(message, 1, "request");
        JsonObject options = dict(message, 2, "options");
        String mode = options.getString("mode", "killnowait");
        if (!mode.equals("skip") && !mode.equals("kill") && !mode.equals("killnowait")) {
            throw new WampProtocolException("CANCEL mode must be skip, kill or killnowait");
        }
        PendingCall call;
        synchronized (session) {
            call = session.calls.get(request);
        }
        if (call == null) {
            // The result crossed the CANCEL: nothing is left to cancel.
            return;
        }
        boolean interruptible;
        synchronized (call.callee) {
            interruptible = call.callee.calleeCancels;
        }
        if (mode.equals("kill") && interruptible) {
            // The callee's ERROR (or its result, if it finished first) answers the caller.
            interrupt(call, "kill");
            return;
        }
        if (forget(call)) {
            sendError(session, CALL, request, CANCELED, "the call was canceled");
            if (!mode.equals("skip")) {
                interrupt(call, mode);
            }
        }
    }

    private void yielded(WampSession session, JsonArray message) throws WampProtocolException {
        arity(message, 3, 5, "YIELD");
        long invocation = id(message, 1, "invocation");
        JsonObject options = dict(message, 2, "options");
        JsonArray args = message.size() > 3 ? list(message, 3, "arguments") : JsonValue.EMPTY_JSON_ARRAY;
        JsonObject kwargs = message.size() > 4 ? dict(message, 4, "keyword arguments") : JsonValue.EMPTY_JSON_OBJECT;
        boolean progress = options.getBoolean("progress", false);
        PendingCall call;
        synchronized (session) {
            call = session.invocations.get(invocation);
        }
        if (call == null) {
            // A canceled or timed-out call: its late results are dropped.
            return;
        }
        var details = Json.createObjectBuilder();
        if (progress) {
            if (!call.receiveProgress) {
                // The caller did not ask for progressive results: only the final one reaches it.
                return;
            }
            details.add("progress", true);
        } else if (!forget(call)) {
            return;
        }
        JsonArrayBuilder result =
                Json.createArrayBuilder().add(RESULT).add(call.callRequest).add(details);
        addArguments(result, args, kwargs);
        send(call.caller, result.build());
    }

    private void calleeError(WampSession session, JsonArray message) throws WampProtocolException {
        arity(message, 5, 7, "ERROR");
        long requestType = id(message, 1, "request type", 0, 255);
        long invocation = id(message, 2, "request");
        JsonObject details = dict(message, 3, "details");
        String error = string(message, 4, "error");
        JsonArray args = message.size() > 5 ? list(message, 5, "arguments") : JsonValue.EMPTY_JSON_ARRAY;
        JsonObject kwargs = message.size() > 6 ? dict(message, 6, "keyword arguments") : JsonValue.EMPTY_JSON_OBJECT;
        if (requestType != INVOCATION) {
            throw new WampProtocolException("a client sends ERROR only for an INVOCATION");
        }
        if (!validProcedure(error)) {
            throw new WampProtocolException("the error must be a URI");
        }
        PendingCall call;
        synchronized (session) {
            call = session.invocations.get(invocation);
        }
        if (call == null || !forget(call)) {
            return;
        }
        JsonArrayBuilder reply = Json.createArrayBuilder()
                .add(ERROR)
                .add(CALL)
                .add(call.callRequest)
                .add(details)
                .add(error);
        addArguments(reply, args, kwargs);
        send(call.caller, reply.build());
    }

    /** Calls an {@code @RpcMethod}: kwargs, or the one argument, or the argument list, whichever maps first. */
    private void callApplication(
            WampSession session, long request, String procedure, JsonArray args, JsonObject kwargs) {
        Connection connection = session.connection;
        Optional<RpcException> refused = rpcAccess.refusal(connection, procedure, RpcAllowList.ANY);
        if (refused.isPresent()) {
            rpcError(session, request, refused.get());
            return;
        }
        List<JsonValue> candidates = new ArrayList<>(3);
        if (!kwargs.isEmpty()) {
            candidates.add(kwargs);
        }
        if (args.size() == 1) {
            candidates.add(args.get(0));
        }
        if (args.isEmpty() && kwargs.isEmpty()) {
            candidates.add(null);
        } else if (!args.isEmpty()) {
            candidates.add(args);
        }
        RpcInvoker.BoundCall bound;
        try {
            bound = rpc.bind(procedure, connection, Collections.unmodifiableList(candidates));
        } catch (RpcException e) {
            rpcError(session, request, e);
            return;
        }
        // An asynchronous method answers later, from the thread that completes it; sends are thread-safe.
        rpc.call(bound, connection, new RpcInvoker.Reply() {
            @Override
            public void result(String json) {
                JsonArrayBuilder reply =
                        Json.createArrayBuilder().add(RESULT).add(request).add(JsonValue.EMPTY_JSON_OBJECT);
                if (json != null && !json.equals("null")) {
                    try (JsonReader reader = Json.createReader(new StringReader(json))) {
                        reply.add(Json.createArrayBuilder().add(reader.readValue()));
                    }
                }
                send(session, reply.build());
            }

            @Override
            public void error(RpcException e) {
                rpcError(session, request, e);
            }
        });
    }

    private void rpcError(WampSession session, long request, RpcException e) {
        String uri = switch (e.code()) {
            case RpcException.METHOD_NOT_FOUND -> NO_SUCH_PROCEDURE;
            case RpcException.INVALID_PARAMS -> INVALID_ARGUMENT;
            case RpcException.UNAUTHORIZED, RpcException.FORBIDDEN -> NOT_AUTHORIZED;
            default -> RPC_ERROR;
        };
        var kwargs = Json.createObjectBuilder().add("code", e.code());
        if (e.data() != null) {
            kwargs.add("data", e.data());
        }
        send(
                session,
                Json.createArrayBuilder()
                        .add(ERROR)
                        .add(CALL)
                        .add(request)
                        .add(JsonValue.EMPTY_JSON_OBJECT)
                        .add(uri)
                        .add(Json.createArrayBuilder().add(String.valueOf(e.getMessage())))
                        .add(kwargs)
                        .build());
    }

    private static void addArguments(JsonArrayBuilder message, JsonArray args, JsonObject kwargs) {
        if (!kwargs.isEmpty()) {
            message.add(args).add(kwargs);
        } else if (!args.isEmpty()) {
            message.add(args);
        }
    }

    // ---- validation ---------------------------------------------------------------------------------------------

    private Optional<String> topic(String raw, boolean pattern) {
        return WampHubMapping.channel(raw, pattern, hub.budgets().channels());
    }

    /** A procedure or error URI: not empty, no whitespace, no empty component. */
    private static boolean validProcedure(String uri) {
        if (uri.isEmpty() || uri.length() > 1024 || uri.charAt(0) == '.' || uri.charAt(uri.length() - 1) == '.') {
            return false;
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (Character.isWhitespace(c) || c == '#' || (c == '.' && uri.charAt(i - 1) == '.')) {
                return false;
            }
        }
        return true;
    }

    private static void arity(JsonArray message, int min, int max, String name) throws WampProtocolException {
        if (message.size() < min || message.size() > max) {
            throw new WampProtocolException(name + " has " + min + " to " + max + " elements, not " + message.size());
        }
    }

    private static long id(JsonArray message, int index, String what) throws WampProtocolException {
        return id(message, index, what, 0, MAX_ID);
    }

    private static long id(JsonArray message, int index, String what, long min, long max) throws WampProtocolException {
        if (message.get(index) instanceof JsonNumber number && number.isIntegral()) {
            try {
                long value = number.longValueExact();
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (ArithmeticException e) {
                // Out of range: refused below.
            }
        }
        throw new WampProtocolException(what + " must be an integer from " + min + " to " + max);
    }

    private static String string(JsonArray message, int index, String what) throws WampProtocolException {
        if (message.get(index) instanceof JsonString text) {
            return text.getString();
        }
        throw new WampProtocolException(what + " must be a string");
    }

    private static String uri(JsonArray message, int index, String what) throws WampProtocolException {
        String uri = string(message, index, what);
        if (!validProcedure(uri)) {
            throw new WampProtocolException(what + " must be a URI");
        }
        return uri;
    }

    private static JsonObject dict(JsonArray message, int index, String what) throws WampProtocolException {
        if (message.get(index) instanceof JsonObject object) {
            return object;
        }
        throw new WampProtocolException(what + " must be a dictionary");
    }

    private static JsonArray list(JsonArray message, int index, String what) throws WampProtocolException {
        if (message.get(index) instanceof JsonArray array) {
            return array;
        }
        throw new WampProtocolException(what + " must be a list");
    }

    private static JsonObject object(JsonObject parent, String key) {
        return parent.get(key) instanceof JsonObject child ? child : JsonValue.EMPTY_JSON_OBJECT;
    }

    // ---- outbound -----------------------------------------------------------------------------------------------

    private static void send(WampSession session, JsonArray message) {
        if (session.binary) {
            session.connection.sendBinary(WampMsgpack.encode(message));
        } else {
            session.connection.sendText(message.toString());
        }
    }

    private static void sendError(WampSession session, int type, long request, String uri, String text) {
        send(
                session,
                Json.createArrayBuilder()
                        .add(ERROR)
                        .add(type)
                        .add(request)
                        .add(JsonValue.EMPTY_JSON_OBJECT)
                        .add(uri)
                        .add(Json.createArrayBuilder().add(String.valueOf(text)))
                        .build());
    }

    /** Sends ABORT and closes; {@code code} 0 closes normally. */
    private void abort(WampSession session, String reason, String text, int code) {
        synchronized (session) {
            if (session.ended) {
                return;
            }
            session.ended = true;
        }
        if (!session.connection.isOpen()) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "WAMP session of connection " + session.connection.id() + " aborted");
        send(
                session,
                Json.createArrayBuilder()
                        .add(ABORT)
                        .add(Json.createObjectBuilder().add("message", text))
                        .add(reason)
                        .build());
        closeAfterFlush(session.connection, code == 0 ? CloseCodes.NORMAL : code, reason);
    }

    /** Closes once the messages queued before (an ABORT, a GOODBYE) have been written, or after a short wait. */
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

    /** The number of open WAMP sessions on this node (for monitoring and tests). */
    int sessionCount() {
        return sessions.size();
    }
}
