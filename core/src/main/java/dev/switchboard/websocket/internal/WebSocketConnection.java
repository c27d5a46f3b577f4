package dev.switchboard.websocket.internal;

import dev.switchboard.api.Transport;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.BaseConnection;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.log.WireTap;
import dev.switchboard.spi.SubprotocolHandler;
import java.nio.ByteBuffer;

/**
 * A hub connection over a WebSocket: the container's Jakarta session ({@link SessionConnection}) or its native socket
 * ({@link SocketConnection}). Writes one frame at a time, each after the previous one's completion.
 */
abstract sealed class WebSocketConnection extends BaseConnection permits SessionConnection, SocketConnection {

    /** The payload of the keep-alive pings. */
    static final ByteBuffer PING_PAYLOAD =
            ByteBuffer.wrap(new byte[] {'s', 'b'}).asReadOnlyBuffer();

    /** Where frames are reported to the wire log. */
    final WireTap wireTap;

    WebSocketConnection(
            String subprotocol,
            SubprotocolHandler handler,
            HandshakeInfo handshake,
            SwitchboardConfig config,
            WireTap wireTap) {
        super(
                Transport.WEBSOCKET,
                subprotocol,
                handler,
                handshake,
                config.outboundMaxMessages(),
                config.outboundMaxBytes());
        this.wireTap = wireTap;
    }

    @Override
    protected final boolean answersPings() {
        return true;
    }
}
