package dev.switchboard.forward.internal;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.function.Supplier;

/**
 * The configurator of one proxied handshake: the upstream has already chosen the subprotocol, so this answers
 * with that choice and hands over the endpoint built for this connection.
 */
public final class RelayConfigurator extends ServerEndpointConfig.Configurator {

    private final String subprotocol;
    private final Supplier<? extends Endpoint> endpoint;

    /**
     * Creates the configurator of one handshake.
     *
     * @param subprotocol the upstream's choice, {@code ""} for none
     * @param endpoint    creates the endpoint of this connection
     */
    public RelayConfigurator(String subprotocol, Supplier<? extends Endpoint> endpoint) {
        this.subprotocol = subprotocol;
        this.endpoint = endpoint;
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        // JSR-356: the empty string means "no subprotocol", and the container then sends no header.
        return subprotocol;
    }

    @Override
    public List<jakarta.websocket.Extension> getNegotiatedExtensions(
            List<jakarta.websocket.Extension> installed, List<jakarta.websocket.Extension> requested) {
        // Frames are relayed one by one; extension negotiation between client and upstream is not proxied.
        return List.of();
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        // The Origin header is forwarded; the upstream decides, as it would without the proxy.
        return true;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(endpoint.get());
    }
}
