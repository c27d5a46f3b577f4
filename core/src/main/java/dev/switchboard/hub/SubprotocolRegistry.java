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
    private Set<String> prefixable = Set.of();

    @Inject
    @Any
    Instance<SubprotocolHandler> handlers;

    @PostConstruct
    void collect() {
        Map<String, SubprotocolHandler> names = new LinkedHashMap<>();
        Set<String> suffixes = new java.util.LinkedHashSet<>();
        for (Instance.Handle<SubprotocolHandler> handle : handlers.handles()) {
            for (Annotation qualifier : handle.getBean().getQualifiers()) {
                if (qualifier instanceof Subprotocol subprotocol) {
                    SubprotocolHandler handler = handle.get();
                    names.put(subprotocol.value(), handler);
                    if (handler.acceptsPrefixedTokens()) {
                        suffixes.add(subprotocol.value());
                    }
                } else if (qualifier instanceof NoSubprotocol) {
                    plain = Optional.of(handle.get());
                }
            }
        }
        byName = Collections.unmodifiableMap(names);
        prefixable = Collections.unmodifiableSet(suffixes);
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
        SubprotocolHandler exact = byName.get(name);
        if (exact != null) {
            return Optional.of(direct(exact));
        }
        return matchingSuffix(prefixable, name).map(byName::get).map(this::direct);
    }

    /**
     * Handlers without their client proxies, taken when a connection first asks for them: a handler is called for
     * every message of its connections (see {@link dev.switchboard.cdi.BeanLookup#unproxied}). Every connection of a
     * token gets the same object, so a fan-out still encodes once per handler.
     */
    private final java.util.concurrent.ConcurrentHashMap<SubprotocolHandler, SubprotocolHandler> direct =
            new java.util.concurrent.ConcurrentHashMap<>();

    private SubprotocolHandler direct(SubprotocolHandler handler) {
        SubprotocolHandler known = direct.get(handler);
        return known != null ? known : direct.computeIfAbsent(handler, dev.switchboard.cdi.BeanLookup::unproxied);
    }

    /**
     * The tokens whose handlers also answer to prefixed tokens ({@link SubprotocolHandler#acceptsPrefixedTokens}).
     *
     * @return the tokens that may follow a client's prefix
     */
    public Set<String> prefixable() {
        return prefixable;
    }

    /**
     * The supported token a client's token ends with after a non-empty prefix; the longest when several do.
     *
     * @param suffixes the tokens that accept a prefix
     * @param token    the client's token
     * @return the supported token, or empty
     */
    public static Optional<String> matchingSuffix(Set<String> suffixes, String token) {
        // The longest wins, so that a token ending with two accepted names goes to the more specific one whatever the
        // set's order.
        String best = null;
        for (String suffix : suffixes) {
            if (token.length() > suffix.length()
                    && token.endsWith(suffix)
                    && (best == null || suffix.length() > best.length())) {
                best = suffix;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The handler for connections without a subprotocol.
     *
     * @return the {@code @NoSubprotocol} bean, or empty
     */
    public Optional<SubprotocolHandler> plain() {
        return plain.map(this::direct);
    }
}
