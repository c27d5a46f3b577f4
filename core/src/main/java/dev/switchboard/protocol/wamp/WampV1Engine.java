package dev.switchboard.protocol.wamp;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import dev.switchboard.api.PublicationProperties;
import dev.switchboard.api.RpcException;
import dev.switchboard.api.event.PublishDecision;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.auth.RpcPermissions;
import dev.switchboard.hub.ChannelPolicy;
import dev.switchboard.hub.Hub;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The WAMP v1 server behind the {@code wamp} and {@code WAMP} beans: sends WELCOME on open, keeps each session's
 * CURIE prefixes, answers CALL from the application's {@code @RpcMethod} beans, and runs SUBSCRIBE, UNSUBSCRIBE and
 * PUBLISH on the hub, where a topic URI in its canonical form is the channel name, as for WAMP v2. The package
 * documentation describes the decisions.
 */
@ApplicationScoped
public class WampV1Engine {

    // Message type ids (WAMP v1 §"Message Types").
    static final int WELCOME = 0;
    static final int PREFIX = 1;
    static final int CALL = 2;
    static final int CALLRESULT = 3;
    static final int CALLERROR = 4;
    static final int SUBSCRIBE = 5;
    static final int UNSUBSCRIBE = 6;
    static final int PUBLISH = 7;
    static final int EVENT = 8;
    /** The sgc call cancel: calls to {@code @RpcMethod} beans finish before the next message is read. */
    static final int CALLCANCEL = 1001;

    /** The protocol version WELCOME announces. */
    static final int PROTOCOL_VERSION = 1;
    /** The server identity WELCOME announces. */
    static final String SERVER_IDENT = "Switchboard";

    /** The publication property naming a session a WAMP v1 publisher excluded; repeated per session. */
    static final String EXCLUDE = "wamp.v1.exclude";
    /** The publication property naming a session a WAMP v1 publisher made eligible; repeated per session. */
    static final String ELIGIBLE = "wamp.v1.eligible";

    private static final System.Logger LOG = System.getLogger(WampV1Engine.class.getName());

    private Hub hub;
    private ChannelPolicy policy;
    private RpcInvoker rpc;
    private RpcPermissions rpcAccess;
    private WampSettings wamp;
    private WampV1Settings settings;
    private final ConcurrentHashMap<String, WampV1Session> sessions = new ConcurrentHashMap<>();
    /** The EVENT of the publication delivered last; compared by identity. */
    private final AtomicReference<Encoded> lastEncoded = new AtomicReference<>();

    /** For the container's client proxy. */
    protected WampV1Engine() {}

    /**
     * Creates the engine.
     *
     * @param hub       the hub
     * @param policy    the subscribe and publish rules
     * @param rpc       the application's RPC methods
     * @param rpcAccess the authorisation of calls to them
     * @param wamp      the WAMP settings (the message size bound)
     * @param settings  the WAMP v1 settings
     */
    @Inject
    public WampV1Engine(
            Hub hub,
            ChannelPolicy policy,
            RpcInvoker rpc,
            RpcPermissions rpcAccess,
            WampSettings wamp,
            WampV1Settings settings) {
        this.hub = hub;
        this.policy = policy;
        this.rpc = rpc;
        this.rpcAccess = rpcAccess;
        this.wamp = wamp;
        this.settings = settings;
    }

    /** A message the session cannot go on after: the connection is closed with {@code code}. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        Refusal(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------------

    void open(Connection connection) {
        WampV1Session session = new WampV1Session(connection);
        sessions.put(connection.id(), session);
        // The connection id is the session id, as in sgc, so exclude and eligible lists hold it on every node.
        send(
                session,
                Json.createArrayBuilder()
                        .add(WELCOME)
                        .add(session.id())
                        .add(PROTOCOL_VERSION)
                        .add(SERVER_IDENT)
                        .build());
    }

    void closed(Connection connection) {
        if (rpc != null) {
            rpc.cancelPending(connection);
        }
        WampV1Session session = sessions.remove(connection.id());
        if (session != null) {
            session.end();
        }
    }

    // ---- inbound ------------------------------------------------------------------------------------------------

    void received(Connection connection, String text) {
        WampV1Session session = sessions.get(connection.id());
        if (session == null || session.ended()) {
            return;
        }
        try {
            if (text.length() > wamp.maxMessageChars()) {
                throw new Refusal(
                        CloseCodes.MESSAGE_TOO_BIG,
                        "a message may have at most " + wamp.maxMessageChars() + " characters");
            }
            handle(session, parse(text));
        } catch (Refusal e) {
            refuse(session, e.code, e.getMessage());
        }
    }

    private static JsonArray parse(String text) throws Refusal {
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (RuntimeException e) {
            // JsonParsingException and JsonException mostly; a provider may throw others on hostile input.
            throw violation("the message is not JSON");
        }
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw violation("a message must be a non-empty JSON array");
        }
        return array;
    }

    private void handle(WampV1Session session, JsonArray message) throws Refusal {
        if (!(message.get(0) instanceof JsonNumber number) || !number.isIntegral()) {
            throw violation("the message type must be an integer");
        }
        int type;
        try {
            type = number.intValueExact();
        } catch (ArithmeticException e) {
            throw violation("the message type is out of range");
        }
        switch (type) {
            case PREFIX -> prefix(session, message);
            case CALL -> call(session, message);
            case SUBSCRIBE -> subscribe(session, message);
            case UNSUBSCRIBE -> unsubscribe(session, message);
            case PUBLISH -> publish(session, message);
            case CALLCANCEL -> {
                arity(message, 2, 2, "CALLCANCEL");
                string(message, 1, "callId");
            }
            default -> throw violation("message type " + type + " is not one a client sends");
        }
    }

    // ---- PREFIX -------------------------------------------------------------------------------------------------

    private void prefix(WampV1Session session, JsonArray message) throws Refusal {
        arity(message, 3, 3, "PREFIX");
        String prefix = bounded(string(message, 1, "prefix"), "a prefix");
        String uri = bounded(string(message, 2, "uri"), "a URI");
        if (prefix.isEmpty() || prefix.indexOf(':') >= 0) {
            throw violation("a prefix is not empty and has no colon");
        }
        if (!session.definePrefix(prefix, uri, settings.maxPrefixes())) {
            hub.budgetRefused(session.connection());
            throw new Refusal(
                    CloseCodes.POLICY_VIOLATION, "a session may define " + settings.maxPrefixes() + " prefixes");
        }
    }

    /** A URI or a CURIE of a defined prefix, as the full URI (WAMP v1 §"URIs and CURIEs"). */
    private String resolve(WampV1Session session, String uriOrCurie) throws Refusal {
        String full = session.expand(uriOrCurie);
        if (full.length() > settings.maxUriChars()) {
            throw new Refusal(
                    CloseCodes.POLICY_VIOLATION, "a URI may have at most " + settings.maxUriChars() + " characters");
        }
        return full;
    }

    // ---- RPC ----------------------------------------------------------------------------------------------------

    private void call(WampV1Session session, JsonArray message) throws Refusal {
        if (message.size() < 3) {
            throw violation("CALL has at least 3 elements, not " + message.size());
        }
        String callId = bounded(string(message, 1, "callId"), "a call id");
        String procedure = resolve(session, bounded(string(message, 2, "procURI"), "a procedure URI"));
        int count = message.size() - 3;
        if (count > settings.maxCallArguments()) {
            hub.budgetRefused(session.connection());
            callError(
                    session,
                    callId,
                    WampRouter.BUDGET_EXCEEDED,
                    "a call may have at most " + settings.maxCallArguments() + " arguments",
                    null);
            return;
        }
        if (!rpc.contains(procedure)) {
            callError(session, callId, WampRouter.NO_SUCH_PROCEDURE, "no procedure " + procedure, null);
            return;
        }
        Connection connection = session.connection();
        Optional<RpcException> refused = rpcAccess.refusal(connection, procedure, RpcAllowList.ANY);
        if (refused.isPresent()) {
            rpcError(session, callId, refused.get());
            return;
        }
        JsonArray args =
                Json.createArrayBuilder(message.subList(3, message.size())).build();
        // One argument is the method's params, as the sgc server passes it; several are the params as a list.
        List<JsonValue> candidates = new ArrayList<>(2);
        if (args.isEmpty()) {
            candidates.add(null);
        } else {
            if (args.size() == 1) {
                candidates.add(args.get(0));
            }
            candidates.add(args);
        }
        RpcInvoker.BoundCall bound;
        try {
            bound = rpc.bind(procedure, connection, Collections.unmodifiableList(candidates));
        } catch (RpcException e) {
            rpcError(session, callId, e);
            return;
        }
        // An asynchronous method answers later, from the thread that completes it; sends are thread-safe.
        rpc.call(bound, connection, new RpcInvoker.Reply() {
            @Override
            public void result(String json) {
                JsonValue value = JsonValue.NULL;
                if (json != null) {
                    try (JsonReader reader = Json.createReader(new StringReader(json))) {
                        value = reader.readValue();
                    }
                }
                send(
                        session,
                        Json.createArrayBuilder()
                                .add(CALLRESULT)
                                .add(callId)
                                .add(value)
                                .build());
            }

            @Override
            public void error(RpcException e) {
                rpcError(session, callId, e);
            }
        });
    }

    private void rpcError(WampV1Session session, String callId, RpcException e) {
        String uri = switch (e.code()) {
            case RpcException.METHOD_NOT_FOUND -> WampRouter.NO_SUCH_PROCEDURE;
            case RpcException.INVALID_PARAMS -> WampRouter.INVALID_ARGUMENT;
            case RpcException.UNAUTHORIZED, RpcException.FORBIDDEN -> WampRouter.NOT_AUTHORIZED;
            default -> WampRouter.RPC_ERROR;
        };
        var details = Json.createObjectBuilder().add("code", e.code());
        if (e.data() != null) {
            details.add("data", e.data());
        }
        callError(session, callId, uri, String.valueOf(e.getMessage()), details.build());
    }

    private static void callError(
            WampV1Session session, String callId, String uri, String description, JsonObject details) {
        JsonArrayBuilder error =
                Json.createArrayBuilder().add(CALLERROR).add(callId).add(uri).add(description);
        if (details != null) {
            error.add(details);
        }
        send(session, error.build());
    }

    // ---- PubSub -------------------------------------------------------------------------------------------------

    private void subscribe(WampV1Session session, JsonArray message) throws Refusal {
        arity(message, 2, 2, "SUBSCRIBE");
        String raw = resolve(session, bounded(string(message, 1, "topicURI"), "a topic URI"));
        Optional<String> topic = topic(raw);
        Connection connection = session.connection();
        if (topic.isEmpty()) {
            // WAMP v1 has no reply to SUBSCRIBE: a topic that is no channel name is not subscribed.
            LOG.log(System.Logger.Level.DEBUG, "WAMP v1 topic of connection " + connection.id() + " is no channel");
            return;
        }
        String channel = topic.get();
        if (session.subscribed(channel)) {
            return;
        }
        SubscribeDecision decision = policy.decideSubscribe(connection, channel);
        if (!decision.allowed()) {
            LOG.log(System.Logger.Level.DEBUG, "WAMP v1 subscription of connection " + connection.id() + " refused");
            return;
        }
        int budget = hub.budgets().subscriptionsOf(connection);
        Optional<String> overBudget = session.subscriptionCount() >= budget
                ? Optional.of("a connection may hold " + budget + " subscriptions")
                : hub.subscriptionRefusal(connection, channel);
        if (overBudget.isPresent()) {
            hub.budgetRefused(connection);
            throw new Refusal(CloseCodes.POLICY_VIOLATION, overBudget.get());
        }
        session.addSubscription(channel);
        hub.subscribeOne(connection, channel);
    }

    private void unsubscribe(WampV1Session session, JsonArray message) throws Refusal {
        arity(message, 2, 2, "UNSUBSCRIBE");
        Optional<String> topic = topic(resolve(session, bounded(string(message, 1, "topicURI"), "a topic URI")));
        if (topic.isPresent() && session.removeSubscription(topic.get())) {
            hub.unsubscribe(session.connection(), topic.get());
        }
    }

    private void publish(WampV1Session session, JsonArray message) throws Refusal {
        arity(message, 3, 5, "PUBLISH");
        String raw = resolve(session, bounded(string(message, 1, "topicURI"), "a topic URI"));
        JsonValue event = message.get(2);
        Connection connection = session.connection();
        PublicationProperties.Builder properties = PublicationProperties.builder();
        if (message.size() == 4 && message.get(3) instanceof JsonValue flag && isBoolean(flag)) {
            if (flag == JsonValue.TRUE) {
                properties.add(EXCLUDE, session.id());
            }
        } else if (message.size() >= 4) {
            List<String> exclude = sessionIds(message, 3, "exclude");
            List<String> eligible = message.size() == 5 ? sessionIds(message, 4, "eligible") : List.of();
            if (exclude.size() + eligible.size() > settings.maxSessionList()) {
                hub.budgetRefused(connection);
                throw new Refusal(
                        CloseCodes.POLICY_VIOLATION,
                        "exclude and eligible may name " + settings.maxSessionList() + " sessions");
            }
            exclude.forEach(id -> properties.add(EXCLUDE, id));
            // An empty eligible list restricts nothing: the sgc JavaScript sample publishes with [], [] to everyone.
            eligible.forEach(id -> properties.add(ELIGIBLE, id));
        }
        Optional<String> topic = topic(raw);
        if (topic.isEmpty()) {
            // WAMP v1 has no reply to PUBLISH: a topic that is no channel name is dropped.
            LOG.log(System.Logger.Level.DEBUG, "WAMP v1 topic of connection " + connection.id() + " is no channel");
            return;
        }
        String text;
        if (event instanceof JsonString string) {
            // A string event is the publication's text as every other protocol sees it.
            text = string.getString();
        } else {
            // Another event travels as WAMP v2 arguments, so WAMP v2 subscribers receive it as their one argument.
            text = Json.createArrayBuilder().add(event).build().toString();
            properties.add(WampRouter.PAYLOAD_FORM, "args");
        }
        PublicationProperties built = properties.build();
        Optional<String> overBudget = hub.propertyBudget().refusal(built);
        if (overBudget.isPresent()) {
            hub.budgetRefused(connection);
            throw new Refusal(CloseCodes.POLICY_VIOLATION, overBudget.get());
        }
        String channel = topic.get();
        PublishDecision decision = policy.decidePublish(connection, channel, text);
        if (!decision.allowed()) {
            LOG.log(System.Logger.Level.DEBUG, "WAMP v1 publication of connection " + connection.id() + " refused");
            return;
        }
        hub.publishTracked(
                channel, decision.rewritten().orElse(text), Optional.of(connection), Optional.empty(), built, () -> {});
    }

    private static boolean isBoolean(JsonValue value) {
        return value == JsonValue.TRUE || value == JsonValue.FALSE;
    }

    private List<String> sessionIds(JsonArray message, int index, String what) throws Refusal {
        if (!(message.get(index) instanceof JsonArray list)) {
            throw violation(what + " must be a list of session ids");
        }
        if (list.size() > settings.maxSessionList()) {
            throw new Refusal(
                    CloseCodes.POLICY_VIOLATION,
                    "exclude and eligible may name " + settings.maxSessionList() + " sessions");
        }
        List<String> ids = new ArrayList<>(list.size());
        for (JsonValue value : list) {
            if (!(value instanceof JsonString id)) {
                throw violation(what + " must be a list of session ids");
            }
            ids.add(bounded(id.getString(), "a session id"));
        }
        return ids;
    }

    /**
     * Delivers a publication to one WAMP v1 subscriber (see
     * {@link dev.switchboard.spi.SubprotocolHandler#deliverPublication}): one EVENT, unless the publisher's exclude or
     * eligible lists leave the subscriber out.
     */
    void deliver(Connection subscriber, Publication publication) {
        WampV1Session session = sessions.get(subscriber.id());
        if (session == null || session.ended() || !session.subscribed(publication.channel())) {
            return;
        }
        boolean restricted = false;
        boolean eligible = false;
        for (PublicationProperties.Property property : publication.properties().list()) {
            if (property.name().equals(EXCLUDE) && property.value().equals(session.id())) {
                return;
            }
            if (property.name().equals(ELIGIBLE)) {
                restricted = true;
                eligible |= property.value().equals(session.id());
            }
        }
        if (restricted && !eligible) {
            return;
        }
        Encoded encoded = lastEncoded.get();
        if (encoded == null || encoded.publication() != publication) {
            // A publication is delivered to its subscribers one after the other, so this encodes it once for all.
            encoded = new Encoded(
                    publication,
                    Json.createArrayBuilder()
                            .add(EVENT)
                            .add(publication.channel())
                            .add(eventOf(publication))
                            .build()
                            .toString());
            lastEncoded.set(encoded);
        }
        session.connection().sendText(encoded.text());
    }

    /** The EVENT text of one publication. */
    private record Encoded(Publication publication, String text) {}

    /**
     * The event of a publication: what a WAMP v1 publisher sent; a WAMP v2 publication's one argument, or its
     * argument list, or an object of {@code args} and {@code kwargs}; any other protocol's text (the Base64 text of
     * bytes) as a string.
     */
    private static JsonValue eventOf(Publication publication) {
        Optional<JsonValue> structured = WampHubMapping.structuredPayload(publication);
        if (structured.isPresent()) {
            return structured.get() instanceof JsonArray args && args.size() == 1 ? args.get(0) : structured.get();
        }
        return Json.createValue(publication.message());
    }

    // ---- validation ---------------------------------------------------------------------------------------------

    /** A topic as its canonical channel, or empty when it is not one: the same rule as the WAMP v2 router's. */
    private Optional<String> topic(String raw) {
        return WampHubMapping.channel(raw, false, hub.budgets().channels());
    }

    private String bounded(String value, String what) throws Refusal {
        if (value.length() > settings.maxUriChars()) {
            throw new Refusal(
                    CloseCodes.POLICY_VIOLATION, what + " may have at most " + settings.maxUriChars() + " characters");
        }
        return value;
    }

    private static Refusal violation(String message) {
        return new Refusal(CloseCodes.PROTOCOL_ERROR, message);
    }

    private static void arity(JsonArray message, int min, int max, String name) throws Refusal {
        if (message.size() < min || message.size() > max) {
            throw violation(name + " has " + min + " to " + max + " elements, not " + message.size());
        }
    }

    private static String string(JsonArray message, int index, String what) throws Refusal {
        if (message.get(index) instanceof JsonString text) {
            return text.getString();
        }
        throw violation(what + " must be a string");
    }

    // ---- outbound -----------------------------------------------------------------------------------------------

    private static void send(WampV1Session session, JsonArray message) {
        session.connection().sendText(message.toString());
    }

    /** Closes a session that broke the protocol or a bound; WAMP v1 has no message to say so, the close reason does. */
    private void refuse(WampV1Session session, int code, String reason) {
        if (!session.end()) {
            return;
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                "WAMP v1 session of connection " + session.connection().id() + " closed: " + reason);
        // A close reason has at most 123 bytes (RFC 6455 §5.5); the messages above are ASCII and shorter.
        session.connection().close(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
    }

    /** The number of open WAMP v1 sessions on this node (for monitoring and tests). */
    int sessionCount() {
        return sessions.size();
    }
}
