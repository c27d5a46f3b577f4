package dev.switchboard.protocol.presence;

import dev.switchboard.api.Subprotocol;
import dev.switchboard.protocol.DelegatingProtocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The sgc Presence protocol (subprotocol {@code presence.esegece.com}, also {@code <prefix>presence.esegece.com} as
 * the sgc JavaScript client offers it); the {@link PresenceEngine} does the work. Frames reach each subscriber
 * through {@link #deliverPublication}, since each may carry its own acknowledgment id.
 */
@ApplicationScoped
@Subprotocol(PresenceProtocol.NAME)
public class PresenceProtocol extends DelegatingProtocol {

    /** The subprotocol token. */
    public static final String NAME = "presence.esegece.com";

    /** For the container's client proxy. */
    protected PresenceProtocol() {}

    /**
     * Creates the bean.
     *
     * @param engine the presence engine
     */
    @Inject
    public PresenceProtocol(PresenceEngine engine) {
        super(
                engine::open,
                engine::received,
                unsupported("presence messages are text"),
                engine::closed,
                engine::deliver);
    }

    @Override
    public boolean acceptsPrefixedTokens() {
        return true;
    }
}
