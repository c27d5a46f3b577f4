package dev.switchboard.protocol.wamp;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;

/**
 * WAMP v2 with the MessagePack serialization (subprotocol {@code wamp.2.msgpack}): each WAMP message is a
 * MessagePack array in one binary message ({@link WampMsgpack}); the {@link WampRouter} does the work. Publications are delivered per subscriber, since each EVENT
 * names the subscriber's subscription.
 */
@ApplicationScoped
@Subprotocol(WampMsgpackProtocol.NAME)
public class WampMsgpackProtocol implements SubprotocolHandler {

    /** The subprotocol token. */
    public static final String NAME = "wamp.2.msgpack";

    private WampRouter router;

    /** For the container's client proxy. */
    protected WampMsgpackProtocol() {}

    /**
     * Creates the bean.
     *
     * @param router the WAMP router
     */
    @Inject
    public WampMsgpackProtocol(WampRouter router) {
        this.router = router;
    }

    @Override
    public void onOpen(Connection connection) {
        router.open(connection, true);
    }

    @Override
    public void onText(Connection connection, String message) {
        // The MessagePack serialization is carried in binary messages only (WAMP §"Transport and Serialization").
        connection.close(CloseCodes.UNSUPPORTED_DATA, "wamp.2.msgpack takes binary messages");
    }

    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        router.received(connection, message);
    }

    @Override
    public void onClose(Connection connection, int code, String reason) {
        router.closed(connection);
    }

    @Override
    public boolean deliversPerSubscriber() {
        return true;
    }

    @Override
    public void deliverPublication(Connection subscriber, Publication publication) {
        router.deliver(subscriber, publication);
    }
}
