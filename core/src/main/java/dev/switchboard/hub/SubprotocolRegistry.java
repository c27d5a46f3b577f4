package dev.switchboard.hub;

import dev.switchboard.api.NoSubprotocol;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The subprotocol handler beans of the deployment, by token, plus the optional plain-message handler.
 *
 * <p>Built once from CDI. The deployment has already been validated by
 * {@link dev.switchboard.cdi.SwitchboardExtension}: tokens are unique and well-formed.
 */
@ApplicationScoped
public class SubprotocolRegistry {

    private Map<String, SubprotocolHandler> byName = Map.of();
    private Optional<SubprotocolHandler> plain = Optional.empty();

    @Inject
    @Any
    Instance<SubprotocolHandler> handlers;

    @PostConstruct
    void collect() {
        Map<String, SubprotocolHandler> names = new LinkedHashMap<>();
        for (Instance.Handle<SubprotocolHandler> handle : handlers.handles()) {
            for (Annotation qualifier : handle.getBean().getQualifiers()) {
                if (qualifier instanceof Subprotocol subprotocol) {
                    names.put(subprotocol.value(), handle.get());
                } else if (qualifier instanceof NoSubprotocol) {
                    plain = Optional.of(handle.get());
                }
            }
        }
        byName = Collections.unmodifiableMap(names);
    }

    /**
     * The tokens some bean supports.
     *
     * @return the supported subprotocols
     */
    public Set<String> supported() {
        return byName.keySet();
    }

    /**
     * The handler of a token.
     *
     * @param name the subprotocol token
     * @return the handler, or empty when no bean supports it
     */
    public Optional<SubprotocolHandler> handler(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The handler for connections without a subprotocol.
     *
     * @return the {@code @NoSubprotocol} bean, or empty
     */
    public Optional<SubprotocolHandler> plain() {
        return plain;
    }
}
