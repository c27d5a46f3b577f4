package dev.switchboard.protocol.stomp;

import dev.switchboard.api.Subprotocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * STOMP 1.1 over WebSocket (subprotocol {@code v11.stomp}); the {@link StompEngine} does the work. A connection
 * that negotiated this token speaks STOMP 1.1 or an older version its {@code accept-version} names.
 */
@ApplicationScoped
@Subprotocol(StompV11Protocol.NAME)
public class StompV11Protocol extends StompProtocol {

    /** The subprotocol token. */
    public static final String NAME = "v11.stomp";

    /** For the container's client proxy. */
    protected StompV11Protocol() {}

    /**
     * Creates the bean.
     *
     * @param engine the STOMP engine
     */
    @Inject
    public StompV11Protocol(StompEngine engine) {
        super(engine);
    }
}
