package dev.switchboard.protocol.webrtc;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ICE servers handed to WebRTC clients, from the {@code switchboard.webrtc.ice-*} and {@code turn-*} keys of
 * {@link ConfigKeys}; one setting shared by the WebRTC and AppRTC protocols. Immutable.
 *
 * <p>STUN and TURN run outside the application server (they are UDP services, coturn for instance); this only tells
 * the browsers where they are. With a TURN secret, TURN servers get time-limited credentials per client in the form
 * coturn's {@code use-auth-secret} checks: username {@code EXPIRY:USER}, credential the Base64 HMAC-SHA1 of the
 * username under the shared secret, so no long-lived TURN password is ever sent to a browser.
 */
public final class IceServers {

    /** No ICE servers: browsers gather host candidates only, which is enough on one network. */
    public static final IceServers NONE = new IceServers(List.of(), JsonValue.EMPTY_JSON_OBJECT, "", Duration.ZERO);

    private static final Duration DEFAULT_TTL = Duration.ofDays(1);

    private final List<JsonObject> servers;
    private final JsonObject extras;
    private final String turnSecret;
    private final Duration turnTtl;

    private IceServers(List<JsonObject> servers, JsonObject extras, String turnSecret, Duration turnTtl) {
        this.servers = List.copyOf(servers);
        this.extras = extras;
        this.turnSecret = turnSecret;
        this.turnTtl = turnTtl;
    }

    /**
     * The servers the documented keys give.
     *
     * @param reader the configuration reader
     * @return the servers
     * @throws IllegalArgumentException when a key's value does not read
     */
    public static IceServers read(ConfigReader reader) {
        return of(
                reader.getString(ConfigKeys.WEBRTC_ICE_SERVERS, ""),
                reader.getString(ConfigKeys.WEBRTC_ICE_URLS, ""),
                reader.getString(ConfigKeys.WEBRTC_ICE_USERNAME, ""),
                reader.getString(ConfigKeys.WEBRTC_ICE_CREDENTIAL, ""),
                reader.getString(ConfigKeys.WEBRTC_TURN_SECRET, ""),
                Duration.ofSeconds(reader.getLong(ConfigKeys.WEBRTC_TURN_TTL, DEFAULT_TTL.toSeconds())));
    }

    /**
     * Builds the servers from the keys' values.
     *
     * @param json       the JSON setting: an array of RTCIceServer objects, or an object with {@code iceServers}
     * @param urls       comma-separated URLs of one more server
     * @param username   that server's username
     * @param credential that server's credential
     * @param turnSecret the TURN shared secret, empty for none
     * @param turnTtl    how long a time-limited TURN credential lasts
     * @return the servers
     * @throws IllegalArgumentException when the JSON does not read or a server is not an RTCIceServer
     */
    public static IceServers of(
            String json, String urls, String username, String credential, String turnSecret, Duration turnTtl) {
        if (turnTtl.isNegative() || (turnTtl.isZero() && !turnSecret.isEmpty())) {
            throw new IllegalArgumentException(ConfigKeys.WEBRTC_TURN_TTL + " must be positive: " + turnTtl);
        }
        List<JsonObject> servers = new ArrayList<>();
        JsonObject extras = JsonValue.EMPTY_JSON_OBJECT;
        if (!json.isBlank()) {
            JsonValue value;
            try {
                value = Json.createReader(new StringReader(json)).readValue();
            } catch (JsonException | IllegalStateException e) {
                throw new IllegalArgumentException(ConfigKeys.WEBRTC_ICE_SERVERS + " is not JSON: " + e.getMessage());
            }
            JsonArray list;
            if (value instanceof JsonArray array) {
                list = array;
            } else if (value instanceof JsonObject object && object.get("iceServers") instanceof JsonArray array) {
                list = array;
                JsonObjectBuilder rest = Json.createObjectBuilder(object);
                rest.remove("iceServers");
                extras = rest.build();
            } else {
                throw new IllegalArgumentException(ConfigKeys.WEBRTC_ICE_SERVERS
                        + " is a JSON array of ICE servers or an object with an iceServers array");
            }
            for (JsonValue server : list) {
                servers.add(server(server));
            }
        }
        List<String> extra = new ArrayList<>();
        for (String url : urls.split(",")) {
            if (!url.isBlank()) {
                extra.add(url.trim());
            }
        }
        if (!extra.isEmpty()) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            extra.forEach(array::add);
            JsonObjectBuilder server = Json.createObjectBuilder().add("urls", array);
            if (!username.isEmpty()) {
                server.add("username", username);
            }
            if (!credential.isEmpty()) {
                server.add("credential", credential);
            }
            servers.add(server(server.build()));
        }
        return new IceServers(servers, extras, turnSecret, turnTtl);
    }

    /** One RTCIceServer, its legacy {@code url} member turned into {@code urls}, which browsers now require. */
    private static JsonObject server(JsonValue value) {
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException("an ICE server is a JSON object: " + value);
        }
        JsonValue urls = object.containsKey("urls") ? object.get("urls") : object.get("url");
        List<String> list = new ArrayList<>();
        if (urls instanceof JsonString one) {
            list.add(one.getString());
        } else if (urls instanceof JsonArray many) {
            for (JsonValue url : many) {
                if (!(url instanceof JsonString string)) {
                    throw new IllegalArgumentException("an ICE server's urls are strings: " + object);
                }
                list.add(string.getString());
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("an ICE server has urls: " + object);
        }
        for (String url : list) {
            String scheme = url.substring(0, Math.max(0, url.indexOf(':'))).toLowerCase(Locale.ROOT);
            if (!List.of("stun", "stuns", "turn", "turns").contains(scheme)) {
                throw new IllegalArgumentException("an ICE server URL is stun:, stuns:, turn: or turns:: " + url);
            }
        }
        JsonObjectBuilder normal = Json.createObjectBuilder(object);
        normal.remove("url");
        JsonArrayBuilder array = Json.createArrayBuilder();
        list.forEach(array::add);
        normal.add("urls", list.size() == 1 ? Json.createValue(list.get(0)) : array.build());
        return normal.build();
    }

    /**
     * Tells whether no server is configured.
     *
     * @return true without servers
     */
    public boolean isEmpty() {
        return servers.isEmpty();
    }

    /**
     * The RTCConfiguration members for one client: {@code iceServers} and the other members the JSON setting
     * carried, with time-limited TURN credentials when a TURN secret is set.
     *
     * @param user who the TURN credential is for (a login or a connection id); coturn logs it
     * @param now  the time the credential's lifetime starts
     * @return the configuration object
     */
    public JsonObject configuration(String user, Instant now) {
        JsonObjectBuilder configuration = Json.createObjectBuilder(extras);
        configuration.add("iceServers", servers(user, now));
        return configuration.build();
    }

    /**
     * The {@code iceServers} array for one client, as {@link #configuration} puts it.
     *
     * @param user who the TURN credential is for
     * @param now  the time the credential's lifetime starts
     * @return the array
     */
    public JsonArray servers(String user, Instant now) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (JsonObject server : servers) {
            if (!turnSecret.isEmpty() && isTurn(server) && !server.containsKey("username")) {
                String username = now.plus(turnTtl).getEpochSecond() + ":" + user;
                array.add(Json.createObjectBuilder(server)
                        .add("username", username)
                        .add("credential", turnCredential(turnSecret, username)));
            } else {
                array.add(server);
            }
        }
        return array.build();
    }

    /**
     * The credential a TURN server with {@code use-auth-secret} expects for a username: Base64 of the HMAC-SHA1 of the
     * username under the shared secret (the TURN REST API of draft-uberti-behave-turn-rest).
     *
     * @param secret   the shared secret
     * @param username the time-limited username
     * @return the credential
     */
    public static String turnCredential(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java platform", e);
        }
    }

    private static boolean isTurn(JsonObject server) {
        JsonValue urls = server.get("urls");
        List<JsonValue> list = urls instanceof JsonArray array ? array : List.of(urls);
        for (JsonValue url : list) {
            String text = ((JsonString) url).getString().toLowerCase(Locale.ROOT);
            if (text.startsWith("turn:") || text.startsWith("turns:")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        // No credentials in logs.
        return "IceServers" + Map.of("servers", servers.size(), "timeLimitedTurn", !turnSecret.isEmpty());
    }
}
