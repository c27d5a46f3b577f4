package dev.switchboard.protocol;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import dev.switchboard.spi.SubprotocolHandler;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A subprotocol handler that hands each connection's open, messages and close to an engine bean, where all of the
 * protocol's work is done. The handlers of presence, STOMP, WAMP v1 and v2, WebRTC signalling, the AppRTC collider and
 * the E2EE relay are each this same thin layer over their engine; it exists once here so that they cannot drift
 * apart in what they must do alike:
 *
 * <ul>
 *   <li>a message of the kind the wire format does not use is refused the same way, with
 *       {@link #unsupported(String)}: a close with {@link CloseCodes#UNSUPPORTED_DATA} (RFC 6455 section 7.4.1) and a
 *       reason saying so;
 *   <li>publications are handed over per subscriber ({@link #deliversPerSubscriber()}), to the engine when its frames
 *       depend on the subscriber, and otherwise dropped, so that nothing another protocol publishes on a channel can
 *       pass for one of the engine's own frames.
 * </ul>
 *
 * <p>A subclass is the CDI bean: it carries the scope and {@link dev.switchboard.api.Subprotocol @Subprotocol},
 * passes its engine's methods to the constructor, and overrides what is its own (prefixed tokens, say). It is public
 * only because the subclasses live in the protocols' own packages.
 */
public abstract class DelegatingProtocol implements SubprotocolHandler {

    private Consumer<Connection> open;
    private BiConsumer<Connection, String> text;
    private BiConsumer<Connection, ByteBuffer> binary;
    private Consumer<Connection> closed;
    private BiConsumer<Connection, Publication> deliver;

    /** For the container's client proxy. */
    protected DelegatingProtocol() {}

    /**
     * Creates a handler whose connections receive no channel publications.
     *
     * @param open   called with each connection once it has opened
     * @param text   called with each text message, in arrival order
     * @param binary called with each binary message, in arrival order
     * @param closed called with each connection once it has closed
     */
    protected DelegatingProtocol(
            Consumer<Connection> open,
            BiConsumer<Connection, String> text,
            BiConsumer<Connection, ByteBuffer> binary,
            Consumer<Connection> closed) {
        this(open, text, binary, closed, (subscriber, publication) -> {});
    }

    /**
     * Creates a handler whose engine builds each subscriber's frames of a channel publication.
     *
     * @param open    called with each connection once it has opened
     * @param text    called with each text message, in arrival order
     * @param binary  called with each binary message, in arrival order
     * @param closed  called with each connection once it has closed
     * @param deliver called with each subscriber and publication, as {@link #deliverPublication} is
     */
    protected DelegatingProtocol(
            Consumer<Connection> open,
            BiConsumer<Connection, String> text,
            BiConsumer<Connection, ByteBuffer> binary,
            Consumer<Connection> closed,
            BiConsumer<Connection, Publication> deliver) {
        this.open = open;
        this.text = text;
        this.binary = binary;
        this.closed = closed;
        this.deliver = deliver;
    }

    /**
     * The answer to a kind of message the protocol does not take: the connection is closed with
     * {@link CloseCodes#UNSUPPORTED_DATA}.
     *
     * @param <T>    a text or binary message
     * @param reason the close reason (at most 123 bytes, RFC 6455 section 5.5)
     * @return the handler of such messages
     */
    protected static <T> BiConsumer<Connection, T> unsupported(String reason) {
        return (connection, message) -> connection.close(CloseCodes.UNSUPPORTED_DATA, reason);
    }

    @Override
    public void onOpen(Connection connection) {
        open.accept(connection);
    }

    @Override
    public void onText(Connection connection, String message) {
        text.accept(connection, message);
    }

    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        binary.accept(connection, message);
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
