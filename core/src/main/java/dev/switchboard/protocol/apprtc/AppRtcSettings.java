package dev.switchboard.protocol.apprtc;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;

/**
 * The AppRTC room server's settings, from the {@code switchboard.apprtc.*} keys of {@link ConfigKeys}; the ICE servers,
 * the signal bounds and the hang-up behaviour are the WebRTC protocol's ({@link
 * dev.switchboard.protocol.webrtc.WebRtcSettings}). Immutable.
 *
 * @param enabled          whether the room HTTP API and room pages are served
 * @param path             the path of the HTTP API, after the context path, without a trailing slash
 * @param roomLink         the base URL of room pages, empty to derive it from each request
 * @param websocketUrl     the collider's WebSocket URL, empty to derive it from each request
 * @param maxRooms         most rooms on this node
 * @param maxQueued        most messages held for a peer not there yet
 * @param registerTimeout  how long a joined client may stay without a registered WebSocket
 */
public record AppRtcSettings(
        boolean enabled,
        String path,
        String roomLink,
        String websocketUrl,
        int maxRooms,
        int maxQueued,
        Duration registerTimeout) {

    /** The documented defaults. */
    public static final AppRtcSettings DEFAULTS =
            new AppRtcSettings(true, "/apprtc", "", "", 1000, 64, Duration.ofSeconds(60));

    /** Validates. */
    public AppRtcSettings {
        if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/") || path.contains("*")) {
            throw new IllegalArgumentException(
                    ConfigKeys.APPRTC_PATH + " is a path such as /apprtc (a leading slash, no trailing one): " + path);
        }
        if (maxRooms <= 0 || maxQueued <= 0 || registerTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("AppRTC limits out of range: rooms " + maxRooms + ", queued " + maxQueued
                    + ", register timeout " + registerTimeout);
        }
    }

    /**
     * The settings the documented keys give.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static AppRtcSettings read(ConfigReader reader) {
        AppRtcSettings d = DEFAULTS;
        return new AppRtcSettings(
                reader.getBoolean(ConfigKeys.APPRTC_ENABLED, d.enabled),
                reader.getString(ConfigKeys.APPRTC_PATH, d.path),
                reader.getString(ConfigKeys.APPRTC_ROOM_LINK, d.roomLink),
                reader.getString(ConfigKeys.APPRTC_WEBSOCKET_URL, d.websocketUrl),
                reader.getInt(ConfigKeys.APPRTC_MAX_ROOMS, d.maxRooms),
                reader.getInt(ConfigKeys.APPRTC_MAX_QUEUED, d.maxQueued),
                Duration.ofSeconds(reader.getLong(ConfigKeys.APPRTC_REGISTER_TIMEOUT, d.registerTimeout.toSeconds())));
    }
}
