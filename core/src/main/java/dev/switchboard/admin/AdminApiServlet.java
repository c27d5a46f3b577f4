package dev.switchboard.admin;

import dev.switchboard.api.Connection;
import dev.switchboard.api.ConnectionStats;
import dev.switchboard.api.RequestPath;
import dev.switchboard.api.Transport;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.firewall.AddressSet;
import dev.switchboard.firewall.Ban;
import dev.switchboard.firewall.Firewall;
import dev.switchboard.forward.ForwardingFilter;
import dev.switchboard.forward.RouteHealth;
import dev.switchboard.history.HistorySettings;
import dev.switchboard.http.BoundedBody;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.hub.Hub;
import dev.switchboard.log.LogSafe;
import dev.switchboard.ops.Drain;
import dev.switchboard.protocol.presence.PresenceRegistry;
import dev.switchboard.protocol.presence.PresenceSettings;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.PublicationRefusedException;
import dev.switchboard.web.AdminGuard;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The admin REST API: connections, channels, bans, forwarding routes and the drain of this node, and the presence
 * protocol's members of the whole cluster, in JSON, for the role {@code switchboard.admin.role} behind the
 * {@link AdminGuard}. The routes are {@link #ROUTES}; the OpenAPI document {@code openapi.json} next to them
 * describes each. Every change is logged at INFO with the acting user.
 *
 * <p>Bounds: a request body is read within {@value AdminSettings#MAX_BODY_BYTES} bytes and 10 seconds (413, 408);
 * query parameters have at most {@value #MAX_PARAMETER} characters; a page at most {@value #MAX_LIMIT} items.
 * Request bodies are parsed strictly: an object, only the documented members, each of its type (else 400).
 */
public final class AdminApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The largest page. */
    public static final int MAX_LIMIT = 500;
    /** The page size when none is given. */
    public static final int DEFAULT_LIMIT = 50;
    /** The longest query parameter value, path segment, ban reason and channel name, in characters. */
    public static final int MAX_PARAMETER = 256;
    /** The longest ban accepted, in seconds: ten years (longer is permanent: 0). */
    public static final long MAX_BAN_SECONDS = 10L * 365 * 24 * 3600;

    private static final Duration BODY_TIME = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(AdminApiServlet.class.getName());

    /** A route: method and path with {@code {name}} segments. */
    record RouteSpec(String method, String path) {}

    /** Every route this servlet answers, relative to its path; the OpenAPI document must list exactly these. */
    static final List<RouteSpec> ROUTES = List.of(
            new RouteSpec("GET", "/stats"),
            new RouteSpec("GET", "/connections"),
            new RouteSpec("GET", "/connections/{id}"),
            new RouteSpec("POST", "/connections/{id}/close"),
            new RouteSpec("POST", "/connections/{id}/abort"),
            new RouteSpec("POST", "/connections/{id}/drain"),
            new RouteSpec("POST", "/connections/{id}/messages"),
            new RouteSpec("POST", "/users/{user}/close"),
            new RouteSpec("GET", "/channels"),
            new RouteSpec("POST", "/channels/{name}/publications"),
            new RouteSpec("GET", "/bans"),
            new RouteSpec("POST", "/bans"),
            new RouteSpec("DELETE", "/bans/{address}"),
            new RouteSpec("GET", "/routes"),
            new RouteSpec("GET", "/drain"),
            new RouteSpec("POST", "/drain"),
            new RouteSpec("DELETE", "/drain"),
            new RouteSpec("GET", "/presence"),
            new RouteSpec("GET", "/presence/{channel}"),
            new RouteSpec("GET", "/openapi.json"));

    /** A refusal of the request, answered as {@code {"error":..,"message":..}}. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String error;

        Refused(int status, String error, String message) {
            super(message, null, false, false);
            this.status = status;
            this.error = error;
        }
    }

    // ---- JSON shapes (JSON-B serializes records by their components) --------------------------------------------

    /** An error answer. */
    public record ErrorBody(String error, String message) {}

    /** Connection counts. */
    public record Connections(long total, long websocket, long sse, long tcp) {}

    /** Received and sent totals. */
    public record InOut(long received, long sent) {}

    /** {@code GET /stats}. */
    public record Stats(
            String node,
            String time,
            long uptimeSeconds,
            boolean draining,
            Connections connections,
            long channels,
            InOut messages,
            InOut bytes) {}

    /** One connection. */
    public record ConnectionItem(
            String id,
            String user,
            String address,
            String transport,
            String subprotocol,
            List<String> channels,
            int queued,
            String openedAt,
            long ageSeconds,
            long messagesIn,
            long messagesOut,
            long bytesIn,
            long bytesOut) {}

    /**
     * A page of items.
     *
     * @param <T> the item type
     */
    public record Page<T>(long total, int offset, int limit, List<T> items) {}

    /** A channel's history. */
    public record History(long size, long head) {}

    /** One channel. */
    public record ChannelItem(String name, int subscribers, History history) {}

    /** A ban. */
    public record BanItem(String address, String bannedAt, String until, String reason) {}

    /** One upstream of a route. */
    public record UpstreamItem(String url, boolean healthy, int inFlight) {}

    /** One forwarding route. */
    public record RouteItem(String prefix, String pattern, List<UpstreamItem> upstreams) {}

    /** The drain state. */
    public record DrainItem(boolean draining, String since, String deadline, String startedBy) {}

    /** Connections a user close ended here. */
    public record Closed(int closed) {}

    /** The channel a publication was accepted for. */
    public record Published(String channel) {}

    /** One presence channel and its member count. */
    public record PresenceChannelItem(String name, int members) {}

    /**
     * {@code GET /presence}: a page of presence channels, and the number of members on every node.
     *
     * @param total   the number of presence channels
     * @param offset  items skipped
     * @param limit   most items
     * @param members the number of presence members, in channels or not
     * @param items   the channels
     */
    public record PresenceChannelPage(
            long total, int offset, int limit, long members, List<PresenceChannelItem> items) {}

    /** One presence member. */
    public record PresenceMemberItem(String id, String name, String info) {}

    /** {@code GET /presence/{channel}}: a presence channel's members, in join order. */
    public record PresenceChannel(String name, List<PresenceMemberItem> members) {}

    private transient NodeOperations node;
    private transient Firewall firewall;
    private transient HistoryStore history;
    private transient PresenceRegistry presence;
    private transient PresenceSettings presenceSettings;
    private transient Jsonb jsonb;
    private transient AdminGuard guard;
    private transient AdminSettings settings;
    private int historyMax;
    private byte[] openApi;
    private Instant startedAt;

    @Override
    public void init() {
        // Created by the container, so collaborators are looked up rather than injected.
        settings = BeanLookup.get(AdminSettings.class);
        Hub hub = BeanLookup.get(Hub.class);
        node = new NodeOperations(
                hub,
                BeanLookup.get(ConnectionRegistry.class),
                BeanLookup.get(Drain.class),
                BeanLookup.get(ClusterSettings.class),
                settings.drainWait());
        firewall = BeanLookup.get(Firewall.class);
        history = BeanLookup.get(HistoryStore.class);
        presence = BeanLookup.get(PresenceRegistry.class);
        presenceSettings = BeanLookup.get(PresenceSettings.class);
        historyMax = BeanLookup.get(HistorySettings.class).maxMessages();
        jsonb = JsonbBuilder.create(new JsonbConfig().withNullValues(true));
        guard = new AdminGuard(
                "admin API", settings.allow(), ConfigKeys.ADMIN_ALLOW, settings.role(), true, settings.realm());
        if (guard.shut()) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "{0} is empty: the admin API at {1} refuses every request",
                    ConfigKeys.ADMIN_ROLE,
                    settings.path());
        }
        openApi = readOpenApi();
        startedAt = Instant.now();
    }

    @Override
    public void destroy() {
        if (jsonb != null) {
            try {
                jsonb.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "Closing JSON-B failed", e);
            }
        }
    }

    private static byte[] readOpenApi() {
        try (InputStream in = AdminApiServlet.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing next to " + AdminApiServlet.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("openapi.json cannot be read", e);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        Optional<AdminGuard.Refusal> refusal = guard.check(request);
        if (refusal.isPresent()) {
            refusal.get().challenge().ifPresent(value -> response.setHeader("WWW-Authenticate", value));
            write(
                    response,
                    refusal.get().status(),
                    new ErrorBody(refusal.get().error(), refusal.get().message()));
            return;
        }
        String method = request.getMethod();
        List<String> segments = segments(request);
        String actor = request.getUserPrincipal() == null
                ? "anonymous"
                : request.getUserPrincipal().getName();
        try {
            Optional<RouteSpec> route = match(method.equals("HEAD") ? "GET" : method, segments);
            if (route.isEmpty()) {
                boolean known = ROUTES.stream().anyMatch(r -> matches(r, segments));
                throw known
                        ? new Refused(405, "method-not-allowed", method + " is not allowed here")
                        : new Refused(404, "not-found", "No such resource");
            }
            String path = route.get().path();
            if (route.get().method().equals("POST")) {
                requireJson(request);
                BoundedBody.read(request, response, AdminSettings.MAX_BODY_BYTES, BODY_TIME, body -> {
                    try {
                        post(response, path, segments, parse(body), actor);
                    } catch (Refused e) {
                        write(response, e.status, new ErrorBody(e.error, e.getMessage()));
                    }
                });
                return;
            }
            if (route.get().method().equals("DELETE")) {
                delete(response, path, segments, actor);
            } else {
                get(request, response, path, segments);
            }
        } catch (Refused e) {
            write(response, e.status, new ErrorBody(e.error, e.getMessage()));
        }
    }

    /** The canonical path below the API's path, split; the container decoded nothing twice (RequestPath). */
    private List<String> segments(HttpServletRequest request) {
        String path = RequestPath.of(request);
        String rest = path.length() > settings.path().length()
                ? path.substring(settings.path().length())
                : "";
        List<String> segments = new ArrayList<>();
        for (String segment : rest.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private static Optional<RouteSpec> match(String method, List<String> segments) {
        return ROUTES.stream()
                .filter(r -> r.method().equals(method) && matches(r, segments))
                .findFirst();
    }

    private static boolean matches(RouteSpec route, List<String> segments) {
        String[] parts = route.path().substring(1).split("/");
        if (parts.length != segments.size()) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].startsWith("{") && !parts[i].equals(segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    // ---- GET --------------------------------------------------------------------------------------------------

    private void get(HttpServletRequest request, HttpServletResponse response, String path, List<String> segments)
            throws IOException, Refused {
        switch (path) {
            case "/stats" -> write(response, 200, stats());
            case "/connections" -> write(response, 200, connections(request));
            case "/connections/{id}" -> write(response, 200, item(connection(segments.get(1))));
            case "/channels" -> write(response, 200, channels(request));
            case "/bans" ->
                write(
                        response,
                        200,
                        firewall.bans().stream().map(AdminApiServlet::ban).toList());
            case "/routes" -> write(response, 200, routes());
            case "/drain" -> write(response, 200, drain(node.drain().status()));
            case "/presence" -> write(response, 200, presenceChannels(request));
            case "/presence/{channel}" -> write(response, 200, presenceChannel(segments.get(1)));
            case "/openapi.json" -> {
                response.setStatus(200);
                response.setContentType("application/json; charset=utf-8");
                response.setContentLength(openApi.length);
                response.getOutputStream().write(openApi);
            }
            default -> throw new Refused(404, "not-found", "No such resource");
        }
    }

    private Stats stats() {
        long[] totals = node.totals();
        List<Connection> open = node.registry().snapshot();
        long websocket =
                open.stream().filter(c -> c.transport() == Transport.WEBSOCKET).count();
        long tcp = open.stream().filter(c -> c.transport() == Transport.TCP).count();
        Instant now = Instant.now();
        return new Stats(
                node.nodeId(),
                now.toString(),
                Duration.between(startedAt, now).toSeconds(),
                node.drain().draining(),
                new Connections(open.size(), websocket, open.size() - websocket - tcp, tcp),
                node.hub().channels().size(),
                new InOut(totals[0], totals[1]),
                new InOut(totals[2], totals[3]));
    }

    private Page<ConnectionItem> connections(HttpServletRequest request) throws Refused {
        int offset = intParameter(request, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParameter(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Optional<String> user = parameter(request, "user");
        Optional<String> address = parameter(request, "address");
        Optional<String> subprotocol = parameter(request, "subprotocol");
        Optional<String> channel = parameter(request, "channel");
        Optional<String> q = parameter(request, "q");
        Optional<Transport> transport = parameter(request, "transport").map(t -> switch (t) {
            case "websocket" -> Transport.WEBSOCKET;
            case "sse" -> Transport.SSE;
            case "tcp" -> Transport.TCP;
            default -> null;
        });
        if (parameter(request, "transport").isPresent() && transport.isEmpty()) {
            throw new Refused(400, "bad-parameter", "transport must be websocket, sse or tcp");
        }
        Predicate<Connection> filter = c -> user.map(u -> u.equals(userOf(c))).orElse(true)
                && address.map(a -> a.equals(c.clientAddress())).orElse(true)
                && transport.map(t -> t == c.transport()).orElse(true)
                && subprotocol.map(s -> s.equals(c.subprotocol().orElse(null))).orElse(true)
                && channel.map(ch -> node.hub().subscriptions(c).contains(ch)).orElse(true)
                && q.map(text -> c.id().contains(text)
                                || (userOf(c) != null && userOf(c).contains(text))
                                || c.clientAddress().contains(text))
                        .orElse(true);
        List<Connection> matching = node.registry().snapshot().stream()
                .filter(filter)
                .sorted(Comparator.comparing(Connection::connectedAt).thenComparing(Connection::id))
                .toList();
        List<ConnectionItem> items =
                matching.stream().skip(offset).limit(limit).map(this::item).toList();
        return new Page<>(matching.size(), offset, limit, items);
    }

    private Connection connection(String id) throws Refused {
        return node.registry().find(id).orElseThrow(() -> new Refused(404, "not-found", "No such connection"));
    }

    private static String userOf(Connection connection) {
        return connection.principal().map(java.security.Principal::getName).orElse(null);
    }

    private ConnectionItem item(Connection c) {
        ConnectionStats stats = c.stats();
        Instant now = Instant.now();
        return new ConnectionItem(
                c.id(),
                userOf(c),
                c.clientAddress(),
                c.transport().name().toLowerCase(Locale.ROOT),
                c.subprotocol().orElse(null),
                node.hub().subscriptions(c).stream().sorted().toList(),
                stats.queued(),
                c.connectedAt().toString(),
                Math.max(0, Duration.between(c.connectedAt(), now).toSeconds()),
                stats.messagesIn(),
                stats.messagesOut(),
                stats.bytesIn(),
                stats.bytesOut());
    }

    private Page<ChannelItem> channels(HttpServletRequest request) throws Refused {
        int offset = intParameter(request, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParameter(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Optional<String> prefix = parameter(request, "prefix");
        List<String> names = node.channels().stream()
                .filter(name -> prefix.map(name::startsWith).orElse(true))
                .toList();
        List<ChannelItem> items = names.stream()
                .skip(offset)
                .limit(limit)
                .map(name -> new ChannelItem(name, node.hub().subscriberCount(name), history(name)))
                .toList();
        return new Page<>(names.size(), offset, limit, items);
    }

    private PresenceChannelPage presenceChannels(HttpServletRequest request) throws Refused {
        int offset = intParameter(request, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParameter(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Map<String, Integer> counts = presence.channelCounts();
        List<PresenceChannelItem> items = counts.entrySet().stream()
                .skip(offset)
                .limit(limit)
                .map(entry -> new PresenceChannelItem(entry.getKey(), entry.getValue()))
                .toList();
        return new PresenceChannelPage(counts.size(), offset, limit, presence.memberCount(), items);
    }

    private PresenceChannel presenceChannel(String name) throws Refused {
        String channel = ChannelNames.canonical(name);
        List<PresenceMemberItem> members = presence.members(channel, presenceSettings.maxMembersPerChannel()).stream()
                .map(m -> new PresenceMemberItem(m.id(), m.name(), m.info()))
                .toList();
        if (members.isEmpty()) {
            throw new Refused(404, "not-found", "No presence channel by that name has members");
        }
        return new PresenceChannel(channel, members);
    }

    /** The publications the store keeps for a channel now (at most the per-channel bound) and its last offset. */
    private History history(String name) {
        try {
            return new History(
                    history.read(name, 0, historyMax).size(),
                    node.hub().historyHead(name).offset());
        } catch (RuntimeException e) {
            // A failing store (a database down) must not take the operator's view with it.
            LOG.log(System.Logger.Level.DEBUG, "History of a channel could not be read", e);
            return new History(0, 0);
        }
    }

    private static BanItem ban(Ban ban) {
        return new BanItem(
                ban.address(),
                ban.bannedAt().toString(),
                ban.until().map(Instant::toString).orElse(null),
                ban.reason());
    }

    @SuppressWarnings("unchecked")
    private List<RouteItem> routes() {
        Object offered = getServletContext().getAttribute(ForwardingFilter.ROUTE_HEALTH_ATTRIBUTE);
        if (!(offered instanceof Supplier<?> supplier)) {
            return List.of();
        }
        List<RouteItem> routes = new ArrayList<>();
        for (RouteHealth route : (List<RouteHealth>) supplier.get()) {
            routes.add(new RouteItem(
                    route.route().pattern().isPresent() ? null : route.route().prefix() + "/",
                    route.route().pattern().map(p -> p.pattern()).orElse(null),
                    route.upstreams().stream()
                            .map(u -> new UpstreamItem(u.url(), u.healthy(), u.inFlight()))
                            .toList()));
        }
        return routes;
    }

    private static DrainItem drain(Drain.Status status) {
        return new DrainItem(
                status.draining(),
                status.since().map(Instant::toString).orElse(null),
                status.deadline().map(Instant::toString).orElse(null),
                status.startedBy().orElse(null));
    }

    // ---- POST and DELETE ----------------------------------------------------------------------------------------

    private void post(HttpServletResponse response, String path, List<String> segments, JsonObject body, String actor)
            throws IOException, Refused {
        switch (path) {
            case "/connections/{id}/close" -> {
                int code = closeCode(body);
                String reason = reason(body);
                connection(segments.get(1));
                if (!node.closeConnection(segments.get(1), code, reason, actor)) {
                    throw new Refused(404, "not-found", "No such connection");
                }
                response.setStatus(204);
            }
            case "/connections/{id}/abort" -> {
                allowOnly(body, Set.of());
                connection(segments.get(1));
                if (!node.abortConnection(segments.get(1), actor)) {
                    throw new Refused(404, "not-found", "No such connection");
                }
                response.setStatus(204);
            }
            case "/connections/{id}/drain" -> {
                allowOnly(body, Set.of("seconds"));
                Optional<Duration> wait = number(body, "seconds", 1, 86_400).map(Duration::ofSeconds);
                connection(segments.get(1));
                if (!node.drainConnection(segments.get(1), wait, actor)) {
                    throw new Refused(409, "conflict", "The connection is closed or draining already");
                }
                response.setStatus(202);
            }
            case "/users/{user}/close" -> {
                int code = closeCode(body);
                String reason = reason(body);
                write(response, 200, new Closed(node.closeUser(segments.get(1), code, reason, actor)));
            }
            case "/connections/{id}/messages" -> {
                allowOnly(body, Set.of("text"));
                String text = string(body, "text", Integer.MAX_VALUE)
                        .orElseThrow(() -> new Refused(400, "bad-request", "text is required"));
                connection(segments.get(1));
                if (!node.send(segments.get(1), text, actor)) {
                    throw new Refused(404, "not-found", "No such connection");
                }
                response.setStatus(202);
            }
            case "/channels/{name}/publications" -> {
                allowOnly(body, Set.of("message"));
                String name = segments.get(1);
                if (name.length() > MAX_PARAMETER) {
                    throw new Refused(400, "bad-request", "the channel name is longer than " + MAX_PARAMETER);
                }
                String message = string(body, "message", Integer.MAX_VALUE)
                        .orElseThrow(() -> new Refused(400, "bad-request", "message is required"));
                try {
                    node.hub().publish(name, message);
                } catch (PublicationRefusedException e) {
                    throw new Refused(409, "refused", e.getMessage());
                } catch (IllegalArgumentException e) {
                    throw new Refused(400, "bad-request", e.getMessage());
                }
                LOG.log(
                        System.Logger.Level.INFO,
                        "{0} published {1} characters to {2}",
                        LogSafe.of(actor),
                        message.length(),
                        LogSafe.of(name));
                write(response, 202, new Published(name));
            }
            case "/bans" -> {
                allowOnly(body, Set.of("address", "seconds", "reason"));
                String address = string(body, "address", MAX_PARAMETER)
                        .orElseThrow(() -> new Refused(400, "bad-request", "address is required"));
                if (AddressSet.literal(address).isEmpty()) {
                    throw new Refused(400, "bad-request", "address must be an IP address");
                }
                long seconds = number(body, "seconds", 0, MAX_BAN_SECONDS).orElse(0L);
                String reason = string(body, "reason", MAX_PARAMETER).orElse("admin");
                Ban ban = firewall.ban(address, Duration.ofSeconds(seconds), reason);
                LOG.log(
                        System.Logger.Level.INFO,
                        "{0} banned {1} for {2} ({3})",
                        LogSafe.of(actor),
                        ban.address(),
                        seconds == 0 ? "ever" : seconds + " s",
                        LogSafe.of(reason));
                write(response, 201, ban(ban));
            }
            case "/drain" -> {
                allowOnly(body, Set.of("seconds"));
                Optional<Duration> wait = number(body, "seconds", 0, 86_400).map(Duration::ofSeconds);
                Optional<Drain.Status> started = node.startDrain(wait, actor);
                if (started.isEmpty()) {
                    throw new Refused(409, "conflict", "The node is already draining");
                }
                write(response, 202, drain(started.get()));
            }
            default -> throw new Refused(404, "not-found", "No such resource");
        }
    }

    private void delete(HttpServletResponse response, String path, List<String> segments, String actor) throws Refused {
        switch (path) {
            case "/bans/{address}" -> {
                String address = segments.get(1);
                if (!firewall.unban(address)) {
                    throw new Refused(404, "not-found", "Not banned");
                }
                LOG.log(System.Logger.Level.INFO, "{0} lifted the ban of {1}", LogSafe.of(actor), LogSafe.of(address));
                response.setStatus(204);
            }
            case "/drain" -> {
                if (!node.cancelDrain(actor)) {
                    throw new Refused(409, "conflict", "The node is not draining");
                }
                response.setStatus(204);
            }
            default -> throw new Refused(404, "not-found", "No such resource");
        }
    }

    // ---- input ------------------------------------------------------------------------------------------------

    private static void requireJson(HttpServletRequest request) throws Refused {
        String type = request.getContentType();
        String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (request.getContentLengthLong() > AdminSettings.MAX_BODY_BYTES) {
            throw new Refused(413, "too-large", "The request body exceeds " + AdminSettings.MAX_BODY_BYTES + " bytes");
        }
        if (request.getContentLengthLong() != 0 && !media.equals("application/json")) {
            throw new Refused(415, "unsupported-media-type", "The body must be application/json");
        }
    }

    /** An empty body is an empty object: every member of every body is optional or reported missing. */
    private static JsonObject parse(byte[] body) throws Refused {
        if (body.length == 0) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new Refused(400, "bad-json", "The body must be a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonException | IllegalStateException e) {
            throw new Refused(400, "bad-json", "The body is not valid JSON");
        }
    }

    private static void allowOnly(JsonObject body, Set<String> members) throws Refused {
        for (String name : body.keySet()) {
            if (!members.contains(name)) {
                throw new Refused(
                        400,
                        "bad-request",
                        "Unknown member " + LogSafe.of(name.substring(0, Math.min(name.length(), 64))) + "; expected "
                                + members.stream().sorted().toList());
            }
        }
    }

    private static Optional<String> string(JsonObject body, String name, int maxLength) throws Refused {
        JsonValue value = body.get(name);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString text)) {
            throw new Refused(400, "bad-request", name + " must be a string");
        }
        if (text.getString().length() > maxLength) {
            throw new Refused(400, "bad-request", name + " must have at most " + maxLength + " characters");
        }
        return Optional.of(text.getString());
    }

    private static Optional<Long> number(JsonObject body, String name, long min, long max) throws Refused {
        JsonValue value = body.get(name);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw new Refused(400, "bad-request", name + " must be an integer");
        }
        long result;
        try {
            result = number.longValueExact();
        } catch (ArithmeticException e) {
            throw new Refused(400, "bad-request", name + " is out of range");
        }
        if (result < min || result > max) {
            throw new Refused(400, "bad-request", name + " must be from " + min + " to " + max);
        }
        return Optional.of(result);
    }

    private static int closeCode(JsonObject body) throws Refused {
        allowOnly(body, Set.of("code", "reason"));
        int code = number(body, "code", Integer.MIN_VALUE, Integer.MAX_VALUE)
                .orElse(1000L)
                .intValue();
        Optional<String> refusal = NodeOperations.closeRefusal(code, "");
        if (refusal.isPresent()) {
            throw new Refused(400, "bad-request", refusal.get());
        }
        return code;
    }

    private static String reason(JsonObject body) throws Refused {
        String reason = string(body, "reason", Integer.MAX_VALUE).orElse("closed by an administrator");
        Optional<String> refusal = NodeOperations.closeRefusal(1000, reason);
        if (refusal.isPresent()) {
            throw new Refused(400, "bad-request", refusal.get());
        }
        return reason;
    }

    private static Optional<String> parameter(HttpServletRequest request, String name) throws Refused {
        String value = request.getParameter(name);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (value.length() > MAX_PARAMETER) {
            throw new Refused(400, "bad-parameter", name + " must have at most " + MAX_PARAMETER + " characters");
        }
        return Optional.of(value);
    }

    private static int intParameter(HttpServletRequest request, String name, int fallback, int min, int max)
            throws Refused {
        Optional<String> text = parameter(request, name);
        if (text.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            throw new Refused(400, "bad-parameter", name + " must be an integer");
        }
        if (value < min || value > max) {
            throw new Refused(400, "bad-parameter", name + " must be from " + min + " to " + max);
        }
        return value;
    }

    // ---- output -----------------------------------------------------------------------------------------------

    private void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = jsonb.toJson(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The routes as {@code METHOD path} lines, for the document check. */
    static Map<String, List<String>> routesByPath() {
        Map<String, List<String>> byPath = new LinkedHashMap<>();
        for (RouteSpec route : ROUTES) {
            byPath.computeIfAbsent(route.path(), p -> new ArrayList<>()).add(route.method());
        }
        return byPath;
    }
}
