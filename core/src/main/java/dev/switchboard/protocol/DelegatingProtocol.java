package dev.switchboard.protocol;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import dev.switchboard.spi.SubprotocolHandler;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A subprotocol handler that hands each connection's open, text messages and close to an engine bean, where all of
 * the protocol's work is done. Presence, WAMP v1, WebRTC signalling and the E2EE relay are each this same thin layer
 * over their engine; it exists once here so that they cannot drift apart in what they must do alike:
 *
 * <ul>
 *   <li>their wire formats are text, so a binary frame closes the connection with
 *       {@link CloseCodes#UNSUPPORTED_DATA} (RFC 6455 section 7.4.1) and a reason saying so;
 *   <li>publications are handed over per subscriber ({@link #deliversPerSubscriber()}), to the engine when its frames
 *       depend on the subscriber, and otherwise dropped, so that nothing another protocol publishes on a channel can
 *       pass for one of the engine's own frames.
 * </ul>
 *
 * <p>A subclass is the CDI bean: it carries the scope and {@link dev.switchboard.api.Subprotocol @Subprotocol},
 * passes its engine's methods to the constructor, and overrides what is its own (prefixed tokens, a protocol-level
 * answer to a binary frame). It is public only because the subclasses live in the protocols' own packages.
 */
public abstract class DelegatingProtocol implements SubprotocolHandler {

    private Consumer<Connection> open;
    private BiConsumer<Connection, String> received;
    private Consumer<Connection> closed;
    private BiConsumer<Connection, Publication> deliver;
    private String textOnly;

    /** For the container's client proxy. */
    protected DelegatingProtocol() {}

    /**
     * Creates a handler whose connections receive no channel publications.
     *
     * @param open     called with each connection once it has opened
     * @param received called with each text message, in arrival order
     * @param closed   called with each connection once it has closed
     * @param textOnly the close reason for a binary frame (at most 123 bytes, RFC 6455 section 5.5)
     */
    protected DelegatingProtocol(
            Consumer<Connection> open,
            BiConsumer<Connection, String> received,
            Consumer<Connection> closed,
            String textOnly) {
        this(open, received, closed, (subscriber, publication) -> {}, textOnly);
    }

    /**
     * Creates a handler whose engine builds each subscriber's frames of a channel publication.
     *
     * @param open     called with each connection once it has opened
     * @param received called with each text message, in arrival order
     * @param closed   called with each connection once it has closed
     * @param deliver  called with each subscriber and publication, as {@link #deliverPublication} is
     * @param textOnly the close reason for a binary frame (at most 123 bytes, RFC 6455 section 5.5)
     */
    protected DelegatingProtocol(
            Consumer<Connection> open,
            BiConsumer<Connection, String> received,
            Consumer<Connection> closed,
            BiConsumer<Connection, Publication> deliver,
            String textOnly) {
        this.open = open;
        this.received = received;
        this.closed = closed;
        this.deliver = deliver;
        this.textOnly = textOnly;
    }

    @Override
    public void onOpen(Connection connection) {
        open.accept(connection);
    }

    @Override
    public void onText(Connection connection, String message) {
        received.accept(connection, message);
    }

    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        connection.close(CloseCodes.UNSUPPORTED_DATA, textOnly);
    }

    @Override
    public void onClose(Connection connection, int code, String reason) {
        closed.accept(connection);
    }

    @Override
    public boolean deliversPerSubscriber() {
        return true;
    }

    @Override
    public void deliverPublication(Connection subscriber, Publication publication) {
        deliver.accept(subscriber, publication);
    }
}
