package dev.switchboard.protocol.webrtc;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Duration;
import java.util.Objects;

/**
 * The signalling settings of the WebRTC and AppRTC protocols, from the {@code switchboard.webrtc.*} keys of
 * {@link ConfigKeys}. Immutable.
 *
 * @param iceServers           the ICE servers handed to clients
 * @param closeSessionOnHangup whether a hang-up disconnects the other peers too
 * @param maxSdpBytes          most UTF-8 bytes of one relayed signal
 * @param maxCandidates        most ICE candidates one peer relays in one session
 * @param maxPeers             most peers of one channel, the other nodes' announced counts included
 * @param maxChannels          most channels one connection joins
 * @param lease                in a cluster, how long another node's peer counts are kept without a renewal
 */
public record WebRtcSettings(
        IceServers iceServers,
        boolean closeSessionOnHangup,
        int maxSdpBytes,
        int maxCandidates,
        int maxPeers,
        int maxChannels,
        Duration lease) {

    /** The documented defaults. */
    public static final WebRtcSettings DEFAULTS =
            new WebRtcSettings(IceServers.NONE, true, 65_536, 200, 2, 4, Duration.ofSeconds(15));

    /** Validates. */
    public WebRtcSettings {
        Objects.requireNonNull(iceServers, "iceServers");
        if (lease.toMillis() < 300) {
            throw new IllegalArgumentException("WebRTC lease must be at least 300 ms: " + lease);
        }
        if (maxSdpBytes < 1024 || maxCandidates <= 0 || maxPeers < 2 || maxChannels <= 0) {
            throw new IllegalArgumentException("WebRTC limits out of range: signal bytes " + maxSdpBytes
                    + " (at least 1024), candidates " + maxCandidates + ", peers " + maxPeers
                    + " (at least 2), channels "
                    + maxChannels);
        }
    }

    /**
     * The settings the documented keys give.
     *
     * @param reader the configuration reader
     * @return the settings
     */
    public static WebRtcSettings read(ConfigReader reader) {
        WebRtcSettings d = DEFAULTS;
        return new WebRtcSettings(
                IceServers.read(reader),
                reader.getBoolean(ConfigKeys.WEBRTC_CLOSE_SESSION_ON_HANGUP, d.closeSessionOnHangup),
                reader.getInt(ConfigKeys.WEBRTC_MAX_SDP_BYTES, d.maxSdpBytes),
                reader.getInt(ConfigKeys.WEBRTC_MAX_CANDIDATES, d.maxCandidates),
                reader.getInt(ConfigKeys.WEBRTC_MAX_PEERS, d.maxPeers),
                reader.getInt(ConfigKeys.WEBRTC_MAX_CHANNELS, d.maxChannels),
                Duration.ofMillis(reader.getLong(ConfigKeys.WEBRTC_LEASE, d.lease.toMillis())));
    }
}
