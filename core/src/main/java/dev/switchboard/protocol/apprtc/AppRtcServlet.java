package dev.switchboard.protocol.apprtc;

import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.http.BoundedBody;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The AppRTC room HTTP API and room page, under {@code switchboard.apprtc.path} (default {@code /apprtc}):
 * <ul>
 *   <li>{@code POST /join/ROOM}: joins (or opens) a room; {@code {"result":"SUCCESS","params":{..}}} with the client id,
 *       whether it is the initiator, the messages the other client left, the collider's WebSocket URL and the peer
 *       connection configuration with the configured ICE servers; {@code {"result":"FULL"}} for a room with two
 *       clients or when this node has its most rooms;
 *   <li>{@code POST /message/ROOM/CLIENT}: a signalling message (the body, a JSON object of at most
 *       {@code switchboard.webrtc.max-sdp-bytes}, larger is 413) for the other client;
 *   <li>{@code POST /leave/ROOM/CLIENT}: leaves the room (a hang-up);
 *   <li>{@code GET|POST /iceservers}: the ICE servers, {@code {"iceServers":[..]}};
 *   <li>{@code GET /r/ROOM}: the room page, which loads {@code apprtc.esegece.com.js} from the application's root.
 * </ul>
 * A room id is 1 to 64 letters, digits, {@code -} or {@code _}; another is 400 {@code {"result":"INVALID_ROOM"}}.
 * Registered by {@link dev.switchboard.web.SwitchboardInitializer}, behind the firewall and authentication filters.
 */
public final class AppRtcServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** How long a message body may take to arrive. */
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);

    private transient AppRtcRooms rooms;
    private transient SwitchboardConfig config;

    @Override
    public void init() {
        rooms = BeanLookup.get(AppRtcRooms.class);
        config = BeanLookup.get(SwitchboardConfig.class);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] path = segments(request);
        if (path.length == 1 && path[0].equals("iceservers")) {
            iceServers(request, response);
        } else if (path.length == 2 && path[0].equals("r")) {
            if (room(path[1], response)) {
                page(request, response, path[1]);
            }
        } else if (path.length >= 1
                && (path[0].equals("join") || path[0].equals("message") || path[0].equals("leave"))) {
            response.setHeader("Allow", "POST");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] path = segments(request);
        if (path.length == 2 && path[0].equals("join")) {
            if (room(path[1], response)) {
                join(request, response, path[1]);
            }
        } else if (path.length == 3 && path[0].equals("message")) {
            if (room(path[1], response)) {
                BoundedBody.read(
                        request,
                        response,
                        rooms.webrtc().maxSdpBytes(),
                        BODY_TIMEOUT,
                        body -> result(
                                response, rooms.message(path[1], path[2], new String(body, StandardCharsets.UTF_8))));
            }
        } else if (path.length == 3 && path[0].equals("leave")) {
            if (room(path[1], response)) {
                result(response, rooms.leave(path[1], path[2]));
            }
        } else if (path.length == 1 && path[0].equals("iceservers")) {
            iceServers(request, response);
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private static String[] segments(HttpServletRequest request) {
        String info = Optional.ofNullable(request.getPathInfo()).orElse("/");
        String trimmed = info.startsWith("/") ? info.substring(1) : info;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", 4);
    }

    private static boolean room(String id, HttpServletResponse response) throws IOException {
        if (AppRtcRooms.validRoomId(id)) {
            return true;
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        json(response, Json.createObjectBuilder().add("result", "INVALID_ROOM").build());
        return false;
    }

    private void join(HttpServletRequest request, HttpServletResponse response, String roomId) throws IOException {
        Optional<AppRtcRooms.Joined> joined = rooms.join(roomId);
        if (joined.isEmpty()) {
            result(response, AppRtcRooms.Result.FULL);
            return;
        }
        AppRtcRooms.Joined client = joined.get();
        JsonArrayBuilder messages = Json.createArrayBuilder();
        client.messages().forEach(messages::add);
        JsonObjectBuilder pcConfig =
                Json.createObjectBuilder().add("rtcpMuxPolicy", "require").add("bundlePolicy", "max-bundle");
        JsonObject ice = rooms.webrtc().iceServers().configuration(user(request), Instant.now());
        ice.forEach(pcConfig::add);
        String base = base(request);
        AppRtcSettings settings = rooms.settings();
        JsonObject params = Json.createObjectBuilder()
                .add("is_initiator", Boolean.toString(client.initiator()))
                .add("room_id", roomId)
                .add(
                        "room_link",
                        (settings.roomLink().isEmpty() ? base + settings.path() + "/r/" : settings.roomLink()) + roomId)
                .add("client_id", client.clientId())
                .add("messages", messages)
                .add("error_messages", Json.createArrayBuilder())
                .add("warning_messages", Json.createArrayBuilder())
                .add("wss_url", settings.websocketUrl().isEmpty() ? websocketUrl(base) : settings.websocketUrl())
                .add("wss_post_url", "")
                .add("pc_config", pcConfig.build().toString())
                .add("pc_constraints", "{\"optional\": []}")
                .add("offer_options", "{}")
                .add("media_constraints", "{\"audio\": true, \"video\": true}")
                .add("ice_server_url", request.getContextPath() + settings.path() + "/iceservers")
                .add("ice_server_transports", "")
                .add("bypass_join_confirmation", "false")
                .add("is_loopback", "false")
                .add("include_loopback_js", "")
                .add("include_rtstats_js", "")
                .add("version_info", "{}")
                .build();
        json(
                response,
                Json.createObjectBuilder()
                        .add("result", "SUCCESS")
                        .add("params", params)
                        .build());
    }

    private void iceServers(HttpServletRequest request, HttpServletResponse response) throws IOException {
        json(response, rooms.webrtc().iceServers().configuration(user(request), Instant.now()));
    }

    private static String user(HttpServletRequest request) {
        return Optional.ofNullable(request.getUserPrincipal())
                .map(Principal::getName)
                .orElse("apprtc");
    }

    /** The application's root URL as the client reached it: scheme, host, port and context path. */
    private static String base(HttpServletRequest request) {
        StringBuffer url = request.getRequestURL();
        String uri = request.getRequestURI();
        return url.substring(0, url.length() - uri.length()) + request.getContextPath();
    }

    /** The collider URL: the root with a WebSocket scheme and the first WebSocket path (its wildcard dropped). */
    private String websocketUrl(String base) {
        String path = config.websocketPaths().isEmpty()
                ? "/"
                : config.websocketPaths().get(0);
        if (path.endsWith("*")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        return base.replaceFirst("^http", "ws") + path;
    }

    private static void result(HttpServletResponse response, AppRtcRooms.Result result) throws IOException {
        json(response, Json.createObjectBuilder().add("result", result.name()).build());
    }

    private static void json(HttpServletResponse response, JsonObject body) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body.toString());
    }

    private void page(HttpServletRequest request, HttpServletResponse response, String roomId) throws IOException {
        // The room id is letters, digits, '-' and '_' only (validRoomId); the context path is escaped for the
        // attribute.
        String root = escape(request.getContextPath());
        String api = root + escape(rooms.settings().path());
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Room %1$s</title>
                <link rel="stylesheet" href="%2$s/apprtc.esegece.com.css">
                </head>
                <body>
                <main class="apprtc" data-apprtc-api="%3$s" data-apprtc-room="%1$s">
                <h1>Room %1$s</h1>
                <p class="status">joining</p>
                <div class="videos"><video class="remote" autoplay playsinline></video><video class="local" autoplay playsinline muted></video></div>
                <p><button class="hangup" type="button">Hang up</button></p>
                </main>
                <script src="%2$s/apprtc.esegece.com.js"></script>
                </body>
                </html>
                """.formatted(roomId, root, api));
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
