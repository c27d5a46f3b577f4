package dev.switchboard.protocol.wamp;

import dev.switchboard.api.Subprotocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** WAMP v1 under the token of its specification, {@code wamp}; the {@link WampV1Engine} does the work. */
@ApplicationScoped
@Subprotocol(WampV1SpecProtocol.NAME)
public class WampV1SpecProtocol extends WampV1Protocol {

    /** The subprotocol token. */
    public static final String NAME = "wamp";

    /** For the container's client proxy. */
    protected WampV1SpecProtocol() {}

    /**
     * Creates the bean.
     *
     * @param engine the WAMP v1 engine
     */
    @Inject
    public WampV1SpecProtocol(WampV1Engine engine) {
        super(engine);
    }
}
