package dev.switchboard.admission;

import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.Hub;
import dev.switchboard.log.LogSafe;
import dev.switchboard.ops.Drain;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.UpgradeCheck;
import dev.switchboard.spi.UpgradeRequest;
import dev.switchboard.web.OriginPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * Decides whether a new connection may open, once for every transport: the WebSocket handshake filter and the SSE
 * transport both ask {@link #decide} and act on its {@link Verdict}. In this order:
 * <ol>
 *   <li>the drain: while the node drains ({@link Drain}) every new connection gets 503 with {@code Retry-After}
 *       ({@code switchboard.drain.retry-after}), so clients and load balancers go to another node;</li>
 *   <li>the connection limit {@code switchboard.max-connections} (503);</li>
 *   <li>the {@code Origin} under {@code switchboard.websocket.allowed-origins} ({@link OriginPolicy}, 403);</li>
 *   <li>the transport's own refusal of what the request asks for, when it has one (an unsupported subprotocol, a
 *       bad channel name: 400);</li>
 *   <li>the application's {@link UpgradeCheck} beans in {@code @Priority} order: the first permit accepts (and its
 *       {@link CheckResult.Permit grant} travels with the verdict for the transport to apply), the first reject
 *       refuses with its status, headers and body, not-applicable passes on; a check that throws refuses with
 *       500.</li>
 * </ol>
 * The authentication requirement ({@code switchboard.auth.required}) is decided earlier, by the authentication
 * filter, for both transports alike, because only it can answer with the challenge of the configured schemes.
 */
@ApplicationScoped
public class Admission {

    private static final System.Logger LOG = System.getLogger(Admission.class.getName());

    /** What {@link #decide} says about a connection request. */
    public sealed interface Verdict permits Permit, Refusal {}

    /**
     * The connection may open.
     *
     * @param grant what the permitting {@link UpgradeCheck} asked for the connection (subprotocol, response headers,
     *              identity, attributes); a plain permit when no check decided
     */
    public record Permit(CheckResult.Permit grant) implements Verdict {

        /** Validates. */
        public Permit {
            java.util.Objects.requireNonNull(grant, "grant");
        }

        /** A permit that changes nothing about the connection. */
        public Permit() {
            this(new CheckResult.Permit());
        }
    }

    /** The gates of {@link #decide}, in the order a request passes them. */
    public enum Gate {
        /** The node is draining. */
        DRAIN,
        /** The connection limit. */
        LIMIT,
        /** The origin policy. */
        ORIGIN,
        /** The transport's own refusal of what the request asks for. */
        REQUEST,
        /** The application's upgrade checks. */
        CHECK
    }

    /**
     * The connection is refused with an HTTP answer.
     *
     * @param gate    the gate that refused; a transport may answer differently before and after the origin
     *                (the SSE transport adds CORS headers only once the origin is allowed)
     * @param status  the status
     * @param headers headers to add
     * @param body    the plain-text body
     */
    public record Refusal(Gate gate, int status, Map<String, List<String>> headers, String body) implements Verdict {

        /** Copies. */
        public Refusal {
            headers = Map.copyOf(headers);
        }

        /**
         * A transport's own refusal of what a request asks for, without headers.
         *
         * @param status the status
         * @param body   the body
         */
        public Refusal(int status, String body) {
            this(Gate.REQUEST, status, Map.of(), body);
        }

        /**
         * Tells whether the request passed the origin policy before it was refused.
         *
         * @return true when a later gate refused
         */
        public boolean originAllowed() {
            return gate.compareTo(Gate.ORIGIN) > 0;
        }

        /**
         * Writes the refusal: its status, its headers, and its body as plain text.
         *
         * @param response the response, not yet committed
         * @throws IOException when writing fails
         */
        public void writeTo(HttpServletResponse response) throws IOException {
            headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            refuse(response, status, body);
        }
    }

    private static final Permit PERMIT = new Permit();

    private SwitchboardConfig config;
    private Drain drain;
    private IntSupplier connectionCount;
    private OriginPolicy origins;
    private List<UpgradeCheck> checks;

    /** For the container's client proxy. */
    protected Admission() {}

    /**
     * Creates the admission of the deployment.
     *
     * @param config     the settings (connection limit, allowed origins)
     * @param hub        the hub, which counts the open connections
     * @param drain      the node's drain, during which every connection is refused
     * @param checkBeans the application's upgrade checks
     */
    @Inject
    public Admission(SwitchboardConfig config, Hub hub, Drain drain, @Any Instance<UpgradeCheck> checkBeans) {
        this(config, hub::connectionCount, BeanLookup.ordered(checkBeans), drain);
    }

    /**
     * Creates an admission with explicit parts.
     *
     * @param config          the settings (connection limit, allowed origins)
     * @param connectionCount counts the open connections
     * @param checks          the upgrade checks, in the order they are asked
     */
    public Admission(SwitchboardConfig config, IntSupplier connectionCount, List<UpgradeCheck> checks) {
        this(config, connectionCount, checks, new Drain());
    }

    /**
     * Creates an admission with explicit parts and a drain.
     *
     * @param config          the settings (connection limit, allowed origins)
     * @param connectionCount counts the open connections
     * @param checks          the upgrade checks, in the order they are asked
     * @param drain           the drain, during which every connection is refused
     */
    public Admission(SwitchboardConfig config, IntSupplier connectionCount, List<UpgradeCheck> checks, Drain drain) {
        this.config = config;
        this.drain = drain;
        this.connectionCount = connectionCount;
        this.origins = new OriginPolicy(config.allowedOrigins());
        this.checks = List.copyOf(checks);
    }

    /**
     * Decides whether a connection request may open.
     *
     * @param request   the HTTP request (for its {@code Origin} and {@code Host})
     * @param handshake the request facts the upgrade checks see
     * @param transport what is being opened, for the log ("handshake", "SSE request")
     * @param offered   the subprotocols the client offered
     * @param chosen    the subprotocol the transport chose, if any
     * @param malformed the transport's own refusal of what the request asks for, if it has one
     * @return permit, or the refusal to answer with
     */
    public Verdict decide(
            HttpServletRequest request,
            HandshakeInfo handshake,
            String transport,
            List<String> offered,
            Optional<String> chosen,
            Optional<Refusal> malformed) {
        Optional<Refusal> full = capacityRefusal(transport, request.getRemoteAddr());
        if (full.isPresent()) {
            return full.get();
        }
        Optional<Refusal> foreign = originRefusal(request, transport);
        if (foreign.isPresent()) {
            return foreign.get();
        }
        if (malformed.isPresent()) {
            return malformed.get();
        }
        return check(new UpgradeRequest(
                handshake.remoteAddress(),
                handshake.requestUri(),
                handshake.headers(),
                offered,
                chosen,
                handshake.principal()));
    }

    /**
     * Asks the application's {@link UpgradeCheck} beans about a subprotocol a connection opens inside another one (the
     * sgc broker protocol's inner protocols), as if the handshake had negotiated it: a check that refuses a
     * subprotocol at the handshake refuses it there too. Only the checks are asked; the connection itself was admitted.
     *
     * @param handshake   the facts of the request that opened the carrying connection
     * @param subprotocol the inner subprotocol
     * @return permit, or the refusal the checks gave
     */
    public Verdict decideInner(HandshakeInfo handshake, String subprotocol) {
        return check(new UpgradeRequest(
                handshake.remoteAddress(),
                handshake.requestUri(),
                handshake.headers(),
                List.of(subprotocol),
                Optional.of(subprotocol),
                handshake.principal()));
    }

    /**
     * Decides whether a connection that arrives without an HTTP request (a plain TCP connection) may open: only the
     * drain and the connection limit apply. It has no {@code Origin} to judge, and the {@link UpgradeCheck} beans are
     * not asked, since they judge a handshake request this connection never makes; its client authenticates inside
     * the subprotocol (MQTT CONNECT), and the firewall has judged its address before.
     *
     * @param transport what is being opened, for the log ("MQTT TCP connection")
     * @param peer      the client address, for the log
     * @return permit, or the refusal (its status says why: 503 for the drain and the limit)
     */
    public Verdict decideWithoutRequest(String transport, String peer) {
        Optional<Refusal> full = capacityRefusal(transport, peer);
        return full.isPresent() ? full.get() : PERMIT;
    }

    /** The gates every transport passes first: the drain, then the connection limit. */
    private Optional<Refusal> capacityRefusal(String transport, String peer) {
        if (drain.draining()) {
            LOG.log(System.Logger.Level.DEBUG, "Refused {0} from {1}: the node is draining", transport, peer);
            return Optional.of(new Refusal(
                    Gate.DRAIN,
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    Map.of(
                            "Retry-After",
                            List.of(Long.toString(drain.retryAfter().toSeconds()))),
                    "This server is draining and takes no new connections; connect to another server or retry later"));
        }
        // Counted before the connection opens: concurrent handshakes may overshoot by the number in flight.
        if (config.maxConnections() > 0 && connectionCount.getAsInt() >= config.maxConnections()) {
            return Optional.of(new Refusal(
                    Gate.LIMIT,
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    Map.of(),
                    "Connection limit reached; try again later"));
        }
        return Optional.empty();
    }

    /**
     * Applies the origin policy alone; the SSE transport also applies it to message POSTs and their preflights.
     *
     * @param request   the request
     * @param transport what is being asked for, for the log
     * @return the refusal (403) of a foreign origin, or empty
     */
    public Optional<Refusal> originRefusal(HttpServletRequest request, String transport) {
        String origin = request.getHeader("Origin");
        if (origins.allows(Optional.ofNullable(origin), Optional.ofNullable(request.getHeader("Host")))) {
            return Optional.empty();
        }
        LOG.log(
                System.Logger.Level.INFO,
                "Refused {0} from {1}: origin {2} is not allowed",
                transport,
                request.getRemoteAddr(),
                LogSafe.of(origin));
        return Optional.of(
                new Refusal(Gate.ORIGIN, HttpServletResponse.SC_FORBIDDEN, Map.of(), "Origin not allowed: " + origin));
    }

    private Verdict check(UpgradeRequest request) {
        for (UpgradeCheck check : checks) {
            CheckResult result;
            try {
                result = check.check(request);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Upgrade check " + check.getClass().getName() + " failed",
                        e);
                return new Refusal(
                        Gate.CHECK, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, Map.of(), "Handshake check failed");
            }
            switch (result) {
                case CheckResult.Permit permit -> {
                    return new Permit(permit);
                }
                case CheckResult.Reject reject -> {
                    return new Refusal(Gate.CHECK, reject.status(), reject.headers(), reject.body());
                }
                case CheckResult.NotApplicable notApplicable -> {
                    // The next check decides.
                }
                case null -> {
                    // A check returning null is treated as not applicable rather than failing the connection.
                }
            }
        }
        return PERMIT;
    }

    /**
     * Checks the subprotocol a permitting check picked: it must be one the client offered and one a deployed handler
     * serves. A pick that is neither is the check's bug, not the client's, so the answer is 500 and an error in the
     * log rather than a 4xx that would blame the client.
     *
     * @param grant     the permit of the check
     * @param offered   the tokens the client offered
     * @param deployed  tells whether a handler serves a token
     * @param transport what is being opened, for the log
     * @return the refusal of a bad pick, or empty when the pick is good or there is none
     */
    public static Optional<Refusal> badPick(
            CheckResult.Permit grant, List<String> offered, Predicate<String> deployed, String transport) {
        if (grant.subprotocol().isEmpty()) {
            return Optional.empty();
        }
        String pick = grant.subprotocol().get();
        if (offered.contains(pick) && deployed.test(pick)) {
            return Optional.empty();
        }
        LOG.log(
                System.Logger.Level.ERROR,
                "An upgrade check picked the subprotocol {0} for a {1}, but {2}; refusing it with 500",
                LogSafe.of(pick),
                transport,
                offered.contains(pick) ? "no deployed handler serves it" : "the client offered only " + offered);
        return Optional.of(new Refusal(
                Gate.CHECK, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, Map.of(), "Handshake check failed"));
    }

    /**
     * The request facts a connection opens with once a permit applied: the permit's identity when the request has no
     * principal of its own. An identity the authentication (or the container) established takes precedence; the
     * check's is then ignored with a warning, because two identities for one connection would be a security bug.
     *
     * @param handshake the request facts
     * @param grant     the permit of the check
     * @return the facts the connection opens with
     */
    public static HandshakeInfo identified(HandshakeInfo handshake, CheckResult.Permit grant) {
        if (grant.identity().isEmpty()) {
            return handshake;
        }
        if (handshake.principal().isPresent()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "An upgrade check gave the identity {0} to a request already authenticated as {1}; keeping {1}",
                    LogSafe.of(grant.identity().get().name()),
                    LogSafe.of(handshake.principal().get().getName()));
            return handshake;
        }
        return handshake.withPrincipal(grant.identity().get());
    }

    /**
     * Writes a refusal with a status and a plain-text body.
     *
     * @param response the response, not yet committed
     * @param status   the HTTP status
     * @param message  the body text
     * @throws IOException when writing fails
     */
    public static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
