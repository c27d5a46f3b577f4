package dev.switchboard.protocol.stomp;

import dev.switchboard.api.Subprotocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * STOMP 1.2 over WebSocket (subprotocol {@code v12.stomp}); the {@link StompEngine} does the work. A connection
 * that negotiated this token speaks STOMP 1.2 or an older version its {@code accept-version} names.
 */
@ApplicationScoped
@Subprotocol(StompV12Protocol.NAME)
public class StompV12Protocol extends StompProtocol {

    /** The subprotocol token. */
    public static final String NAME = "v12.stomp";

    /** For the container's client proxy. */
    protected StompV12Protocol() {}

    /**
     * Creates the bean.
     *
     * @param engine the STOMP engine
     */
    @Inject
    public StompV12Protocol(StompEngine engine) {
        super(engine);
    }
}
