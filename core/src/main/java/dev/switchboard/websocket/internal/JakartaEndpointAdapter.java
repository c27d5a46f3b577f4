package dev.switchboard.websocket.internal;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.Hub;
import dev.switchboard.log.WireTap;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The Jakarta WebSocket endpoint of one connection, on containers without a {@link
 * dev.switchboard.spi.WebSocketNativeUpgrade}: applies the bounds to the session and hands its messages and its end
 * to the connection's {@link ConnectionEvents}.
 */
public final class JakartaEndpointAdapter extends Endpoint {

    private final ConnectionEvents events;
    private final SwitchboardConfig config;

    /**
     * Creates the endpoint of one connection.
     *
     * @param handshake   the captured request
     * @param subprotocol the negotiated token, or null
     * @param handler     the handler of that subprotocol
     * @param hub         the hub
     * @param config      the settings
     * @param wireTap     where frames are reported to the wire log
     * @param attributes  attributes an upgrade check attached, set before the handler's {@code onOpen}
     */
    public JakartaEndpointAdapter(
            HandshakeInfo handshake,
            String subprotocol,
            SubprotocolHandler handler,
            Hub hub,
            SwitchboardConfig config,
            WireTap wireTap,
            Map<String, Object> attributes) {
        this.events = new ConnectionEvents(handshake, subprotocol, handler, hub, config, wireTap, attributes);
        this.config = config;
    }

    @Override
    public void onOpen(Session session, EndpointConfig endpointConfig) {
        session.setMaxTextMessageBufferSize(config.maxTextMessageSize());
        session.setMaxBinaryMessageBufferSize(config.maxBinaryMessageSize());
        if (!config.idleTimeout().isZero()) {
            session.setMaxIdleTimeout(config.idleTimeout().toMillis());
        }
        events.open(events.over(session), () -> {
            if (events.fragments()) {
                session.addMessageHandler(String.class, (MessageHandler.Partial<String>) events::onTextFragment);
                session.addMessageHandler(
                        ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) events::onBinaryFragment);
            } else {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) events::onText);
                session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) events::onBinary);
            }
            session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>)
                    pong -> events.onPong(pong.getApplicationData()));
        });
    }

    @Override
    public void onError(Session session, Throwable error) {
        events.onError(error);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        events.onClose(closeReason.getCloseCode().getCode(), closeReason.getReasonPhrase());
    }
}
