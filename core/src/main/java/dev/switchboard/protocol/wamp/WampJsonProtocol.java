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
 * WAMP v2 with the JSON serialization (subprotocol {@code wamp.2.json}): each WAMP message is a JSON array in one
 * text message; the {@link WampRouter} does the work. Publications are delivered per subscriber, since each EVENT
 * names the subscriber's subscription.
 */
@ApplicationScoped
@Subprotocol(WampJsonProtocol.NAME)
public class WampJsonProtocol implements SubprotocolHandler {

    /** The subprotocol token. */
    public static final String NAME = "wamp.2.json";

    private WampRouter router;

    /** For the container's client proxy. */
    protected WampJsonProtocol() {}

    /**
     * Creates the bean.
     *
     * @param router the WAMP router
     */
    @Inject
    public WampJsonProtocol(WampRouter router) {
        this.router = router;
    }

    @Override
    public void onOpen(Connection connection) {
        router.open(connection, false);
    }

    @Override
    public void onText(Connection connection, String message) {
        router.received(connection, message);
    }

    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        // The JSON serialization is carried in text messages only (WAMP §"Transport and Serialization").
        connection.close(CloseCodes.UNSUPPORTED_DATA, "wamp.2.json takes text messages");
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
