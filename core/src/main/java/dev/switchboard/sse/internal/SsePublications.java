package dev.switchboard.sse.internal;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import dev.switchboard.hub.BaseConnection;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.OutboundQueue;
import dev.switchboard.spi.SubprotocolHandler;
import java.nio.ByteBuffer;

/**
 * The handler SSE connections present to the hub: it wraps the subprotocol's handler so that a publication is
 * encoded once for all SSE subscribers of that subprotocol, into event lines that each connection then prefixes
 * with its own resume cursor. One instance per wrapped handler; inbound calls go to the wrapped handler directly.
 */
public final class SsePublications implements SubprotocolHandler, Hub.FrameEncoder {

    private final SubprotocolHandler delegate;

    /** The event name of a binary publication, whose data is the Base64 text of its bytes. */
    static final String BINARY_EVENT = "binary";

    SsePublications(SubprotocolHandler delegate) {
        this.delegate = delegate;
    }

    /**
     * The wrapped handler.
     *
     * @return the subprotocol's handler
     */
    public SubprotocolHandler delegate() {
        return delegate;
    }

    @Override
    public OutboundQueue.Frame encodePublicationFrame(Publication publication) {
        // An event stream carries text only: bytes the subprotocol would send as they are go as their Base64 text, in
        // an event named so that a client knows to decode it.
        String body = publication.binary()
                        && delegate.encodeBinaryPublication(publication).isPresent()
                ? EventStream.body(BINARY_EVENT, publication.message())
                : EventStream.body(null, delegate.encodePublication(publication));
        return new OutboundQueue.Frame(
                new Frames.PublicationEvent(publication.channel(), publication.epoch(), publication.offset(), body),
                BaseConnection.utf8Length(body));
    }

    @Override
    public String encodePublication(Publication publication) {
        return delegate.encodePublication(publication);
    }

    @Override
    public void onOpen(Connection connection) {
        delegate.onOpen(connection);
    }

    @Override
    public void onText(Connection connection, String message) {
        delegate.onText(connection, message);
    }

    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        delegate.onBinary(connection, message);
    }

    @Override
    public void onError(Connection connection, Throwable error) {
        delegate.onError(connection, error);
    }

    @Override
    public void onClose(Connection connection, int code, String reason) {
        delegate.onClose(connection, code, reason);
    }
}
