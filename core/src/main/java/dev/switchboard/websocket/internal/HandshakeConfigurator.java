package dev.switchboard.websocket.internal;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private final Map<String, List<String>> responseHeaders;

    /**
     * Creates the configurator of one handshake.
     *
     * @param subprotocol     the negotiated token, or null for none
     * @param responseHeaders headers an upgrade check adds to the 101 response, already validated
     * @param endpoint        creates the endpoint of this connection
     */
    public HandshakeConfigurator(
            String subprotocol, Map<String, List<String>> responseHeaders, Supplier<JakartaEndpointAdapter> endpoint) {
        this.subprotocol = subprotocol;
        this.responseHeaders = Map.copyOf(responseHeaders);
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
        // The standard way to shape the 101 response, the same on Jetty and Undertow. The header names are
        // matched case-insensitively so a check's value joins one the container already set, never replacing it.
        Map<String, List<String>> headers = response.getHeaders();
        responseHeaders.forEach((name, values) -> {
            String existing = headers.keySet().stream()
                    .filter(name::equalsIgnoreCase)
                    .findFirst()
                    .orElse(name);
            List<String> merged = new ArrayList<>(headers.getOrDefault(existing, List.of()));
            merged.addAll(values);
            headers.put(existing, merged);
        });
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
