package dev.switchboard.protocol.wamp;

import dev.switchboard.api.Subprotocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * WAMP v1 under the sgc token, {@code WAMP}, and the sgc JavaScript client's prefixed form {@code <prefix>.WAMP};
 * the token the client offered is echoed. The {@link WampV1Engine} does the work.
 */
@ApplicationScoped
@Subprotocol(WampV1SgcProtocol.NAME)
public class WampV1SgcProtocol extends WampV1Protocol {

    /** The subprotocol token. */
    public static final String NAME = "WAMP";

    /** For the container's client proxy. */
    protected WampV1SgcProtocol() {}

    /**
     * Creates the bean.
     *
     * @param engine the WAMP v1 engine
     */
    @Inject
    public WampV1SgcProtocol(WampV1Engine engine) {
        super(engine);
    }

    @Override
    public boolean acceptsPrefixedTokens() {
        return true;
    }
}
