package dev.switchboard.protocol.apprtc;

import dev.switchboard.api.Subprotocol;
import dev.switchboard.protocol.DelegatingProtocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The AppRTC collider role ({@value AppRtcRooms#TOKEN}): a room client registers its WebSocket and sends its
 * signalling messages to the other client of its room; {@link AppRtcRooms} does the work. Channel publications never
 * reach these connections.
 */
@ApplicationScoped
@Subprotocol(AppRtcRooms.TOKEN)
public class AppRtcProtocol extends DelegatingProtocol {

    /** For the container's client proxy. */
    protected AppRtcProtocol() {}

    /**
     * Creates the handler.
     *
     * @param rooms the rooms
     */
    @Inject
    public AppRtcProtocol(AppRtcRooms rooms) {
        // A client is nobody until it registers, so opening needs nothing of the rooms.
        super(connection -> {}, rooms::received, unsupported("collider frames are text"), rooms::closed);
    }
}
