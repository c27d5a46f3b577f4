package dev.switchboard.websocket.internal;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.function.Supplier;

/**
 * The configurator of one handshake. The handshake filter has already negotiated the subprotocol and captured
 * the request, so this only answers with that decision and hands over the endpoint built for this connection.
 */
public final class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    private final String subprotocol;

    /**
     * The container's own configurator. The API looks it up with a ServiceLoader scan of the class path and
     * caches it per configurator instance; with one instance per handshake that scan would run on every
     * handshake, so it is looked up once.
     */
    private static final class ContainerDefault {
        static final ServerEndpointConfig.Configurator INSTANCE =
                new ServerEndpointConfig.Configurator().getContainerDefaultConfigurator();
    }

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
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        return ContainerDefault.INSTANCE.getNegotiatedExtensions(installed, requested);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        ContainerDefault.INSTANCE.modifyHandshake(config, request, response);
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
