package dev.switchboard.protocol.wamp;

import dev.switchboard.protocol.DelegatingProtocol;

/**
 * The subprotocol handler both WAMP v1 beans extend ({@code wamp} of the specification, {@code WAMP} of sgc): hands
 * each event of a connection to the one {@link WampV1Engine}. Publications are delivered per subscriber, since the
 * publisher's exclude and eligible lists decide per session. WAMP v1 messages are JSON text (WAMP v1
 * §"Transport"), so a binary frame closes the connection.
 */
public abstract class WampV1Protocol extends DelegatingProtocol {

    /** For the container's client proxy. */
    protected WampV1Protocol() {}

    /**
     * Creates the handler.
     *
     * @param engine the WAMP v1 engine
     */
    protected WampV1Protocol(WampV1Engine engine) {
        super(
                engine::open,
                engine::received,
                unsupported("WAMP v1 takes text messages"),
                engine::closed,
                engine::deliver);
    }
}
