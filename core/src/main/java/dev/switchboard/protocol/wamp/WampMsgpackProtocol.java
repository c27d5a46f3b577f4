package dev.switchboard.protocol.wamp;

import dev.switchboard.api.Subprotocol;
import dev.switchboard.protocol.DelegatingProtocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * WAMP v2 with the MessagePack serialization (subprotocol {@code wamp.2.msgpack}): each WAMP message is a
 * MessagePack array in one binary message ({@link WampMsgpack}); the {@link WampRouter} does the work. Publications are delivered per subscriber, since each EVENT
 * names the subscriber's subscription. The MessagePack serialization is carried in binary messages only (WAMP
 * §"Transport and Serialization"), so a text message closes the connection.
 */
@ApplicationScoped
@Subprotocol(WampMsgpackProtocol.NAME)
public class WampMsgpackProtocol extends DelegatingProtocol {

    /** The subprotocol token. */
    public static final String NAME = "wamp.2.msgpack";

    /** For the container's client proxy. */
    protected WampMsgpackProtocol() {}

    /**
     * Creates the bean.
     *
     * @param router the WAMP router
     */
    @Inject
    public WampMsgpackProtocol(WampRouter router) {
        super(
                connection -> router.open(connection, true),
                unsupported("wamp.2.msgpack takes binary messages"),
                router::received,
                router::closed,
                router::deliver);
    }
}
