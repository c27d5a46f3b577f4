package dev.switchboard.protocol.e2ee;

import dev.switchboard.api.Subprotocol;
import dev.switchboard.protocol.DelegatingProtocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The E2EE relay's subprotocol ({@value E2eeRelay#TOKEN}): hands each connection's events to the {@link E2eeRelay}.
 * Channel publications never reach these connections: the relay speaks to them only with its own frames, so that
 * nothing another protocol publishes can pass for a relayed message. A binary frame is answered with the relay's
 * error frame, as any other frame it cannot read, and the connection stays open.
 */
@ApplicationScoped
@Subprotocol(E2eeRelay.TOKEN)
public class E2eeProtocol extends DelegatingProtocol {

    /** For the container's client proxy. */
    protected E2eeProtocol() {}

    /**
     * Creates the handler.
     *
     * @param relay the relay
     */
    @Inject
    public E2eeProtocol(E2eeRelay relay) {
        super(
                relay::open,
                relay::received,
                (connection, message) ->
                        connection.sendText(E2eeRelay.error(null, "malformed", "the relay's frames are JSON text")),
                relay::closed);
    }
}
