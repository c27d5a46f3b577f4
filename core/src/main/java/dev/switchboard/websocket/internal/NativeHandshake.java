package dev.switchboard.websocket.internal;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.Hub;
import dev.switchboard.log.WireTap;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.spi.WebSocketNativeUpgrade;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the handshake filter decided for one connection, handed to a container's native upgrade. */
public final class NativeHandshake implements WebSocketNativeUpgrade.Handshake {

    private final String subprotocol;
    private final Map<String, List<String>> responseHeaders;
    private final ConnectionEvents events;
    private final SwitchboardConfig config;

    /**
     * Creates the handshake of one connection.
     *
     * @param handshake       the captured request
     * @param subprotocol     the negotiated token, or null
     * @param handler         the handler of that subprotocol
     * @param responseHeaders headers an upgrade check adds to the 101 response, already validated
     * @param hub             the hub
     * @param config          the settings
     * @param wireTap         where frames are reported to the wire log
     * @param attributes      attributes an upgrade check attached, set before the handler's {@code onOpen}
     */
    public NativeHandshake(
            HandshakeInfo handshake,
            String subprotocol,
            SubprotocolHandler handler,
            Map<String, List<String>> responseHeaders,
            Hub hub,
            SwitchboardConfig config,
            WireTap wireTap,
            Map<String, Object> attributes) {
        this.subprotocol = subprotocol;
        this.responseHeaders = Map.copyOf(responseHeaders);
        this.config = config;
        this.events = new ConnectionEvents(handshake, subprotocol, handler, hub, config, wireTap, attributes);
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public Map<String, List<String>> responseHeaders() {
        return responseHeaders;
    }

    @Override
    public boolean fragments() {
        return events.fragments();
    }

    @Override
    public long maxTextMessageSize() {
        return config.maxTextMessageSize();
    }

    @Override
    public long maxBinaryMessageSize() {
        return config.maxBinaryMessageSize();
    }

    @Override
    public Duration idleTimeout() {
        return config.idleTimeout();
    }

    @Override
    public WebSocketNativeUpgrade.Events open(WebSocketNativeUpgrade.Socket socket) {
        events.open(events.over(socket), () -> {});
        return events;
    }
}
