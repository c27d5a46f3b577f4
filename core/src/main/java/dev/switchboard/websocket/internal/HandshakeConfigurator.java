package dev.switchboard.websocket.internal;

import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.function.Supplier;

/**
 * The configurator of one handshake. The handshake filter has already negotiated the subprotocol and captured
 * the request, so this only answers with that decision and hands over the endpoint built for this connection.
 */
public final class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    private final String subprotocol;
    private final Supplier<JakartaEndpointAdapter> endpoint;

    /**
     * Creates the configurator of one handshake.
     *
     * @param subprotocol the negotiated token, or null for none
     * @param endpoint    creates the endpoint of this connection
     */
    public HandshakeConfigurator(String subprotocol, Supplier<JakartaEndpointAdapter> endpoint) {
        this.subprotocol = subprotocol;
        this.endpoint = endpoint;
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        // JSR-356: the empty string means "no subprotocol", and the container then sends no header.
        return subprotocol == null ? "" : subprotocol;
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        // Origin policy is applied before the upgrade, where a refusal can carry a status and a body.
        return true;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(endpoint.get());
    }
}
