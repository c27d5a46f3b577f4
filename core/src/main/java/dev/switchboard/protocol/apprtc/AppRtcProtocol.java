package dev.switchboard.protocol.apprtc;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;

/**
 * The AppRTC collider role ({@value AppRtcRooms#TOKEN}): a room client registers its WebSocket and sends its
 * signalling messages to the other client of its room; {@link AppRtcRooms} does the work. Channel publications never
 * reach these connections.
 */
@ApplicationScoped
@Subprotocol(AppRtcRooms.TOKEN)
public class AppRtcProtocol implements SubprotocolHandler {

    private AppRtcRooms rooms;

    /** For the container's client proxy. */
    protected AppRtcProtocol() {}

    /**
     * Creates the handler.
     *
     * @param rooms the rooms
     */
    @Inject
    public AppRtcProtocol(AppRtcRooms rooms) {
        this.rooms = rooms;
    }

    @Override
    public void onText(Connection connection, String message) {
        rooms.received(connection, message);
    }

    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        connection.close(CloseCodes.UNSUPPORTED_DATA, "collider frames are text");
    }

    @Override
    public void onClose(Connection connection, int code, String reason) {
        rooms.closed(connection);
    }

    @Override
    public boolean deliversPerSubscriber() {
        return true;
    }

    @Override
    public void deliverPublication(Connection subscriber, Publication publication) {
        // Publications are not signalling messages: see the class comment.
    }
}
