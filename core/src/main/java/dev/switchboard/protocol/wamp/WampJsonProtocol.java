package dev.switchboard.protocol.wamp;

import dev.switchboard.api.Subprotocol;
import dev.switchboard.protocol.DelegatingProtocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * WAMP v2 with the JSON serialization (subprotocol {@code wamp.2.json}): each WAMP message is a JSON array in one
 * text message; the {@link WampRouter} does the work. Publications are delivered per subscriber, since each EVENT
 * names the subscriber's subscription. The JSON serialization is carried in text messages only (WAMP §"Transport
 * and Serialization"), so a binary frame closes the connection.
 */
@ApplicationScoped
@Subprotocol(WampJsonProtocol.NAME)
public class WampJsonProtocol extends DelegatingProtocol {

    /** The subprotocol token. */
    public static final String NAME = "wamp.2.json";

    /** For the container's client proxy. */
    protected WampJsonProtocol() {}

    /**
     * Creates the bean.
     *
     * @param router the WAMP router
     */
    @Inject
    public WampJsonProtocol(WampRouter router) {
        super(
                connection -> router.open(connection, false),
                router::received,
                unsupported("wamp.2.json takes text messages"),
                router::closed,
                router::deliver);
    }
}
