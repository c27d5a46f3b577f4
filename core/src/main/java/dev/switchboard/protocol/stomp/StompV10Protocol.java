package dev.switchboard.protocol.stomp;

import dev.switchboard.api.Subprotocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * STOMP 1.0 over WebSocket (subprotocol {@code v10.stomp}); the {@link StompEngine} does the work. A connection
 * that negotiated this token speaks STOMP 1.0 or an older version its {@code accept-version} names.
 */
@ApplicationScoped
@Subprotocol(StompV10Protocol.NAME)
public class StompV10Protocol extends StompProtocol {

    /** The subprotocol token. */
    public static final String NAME = "v10.stomp";

    /** For the container's client proxy. */
    protected StompV10Protocol() {}

    /**
     * Creates the bean.
     *
     * @param engine the STOMP engine
     */
    @Inject
    public StompV10Protocol(StompEngine engine) {
        super(engine);
    }
}
