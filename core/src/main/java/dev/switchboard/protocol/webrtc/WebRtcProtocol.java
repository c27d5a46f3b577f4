package dev.switchboard.protocol.webrtc;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Publication;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;

/**
 * The sgc WebRTC signalling protocol ({@value WebRtcSignalling#TOKEN}, also {@code <prefix>.webrtc.esegece.com} as the
 * sgc JavaScript client offers it); the {@link WebRtcSignalling} does the work. Channel publications never reach these
 * connections: the relay speaks to them only with its own frames, so nothing another protocol publishes can pass for
 * a signal.
 */
@ApplicationScoped
@Subprotocol(WebRtcSignalling.TOKEN)
public class WebRtcProtocol implements SubprotocolHandler {

    private WebRtcSignalling signalling;

    /** For the container's client proxy. */
    protected WebRtcProtocol() {}

    /**
     * Creates the handler.
     *
     * @param signalling the relay
     */
    @Inject
    public WebRtcProtocol(WebRtcSignalling signalling) {
        this.signalling = signalling;
    }

    @Override
    public void onOpen(Connection connection) {
        signalling.open(connection);
    }

    @Override
    public void onText(Connection connection, String message) {
        signalling.received(connection, message);
    }

    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        connection.close(CloseCodes.UNSUPPORTED_DATA, "WebRTC signalling frames are text");
    }

    @Override
    public void onClose(Connection connection, int code, String reason) {
        signalling.closed(connection);
    }

    @Override
    public boolean acceptsPrefixedTokens() {
        return true;
    }

    @Override
    public boolean deliversPerSubscriber() {
        return true;
    }

    @Override
    public void deliverPublication(Connection subscriber, Publication publication) {
        // Publications are not signals: see the class comment.
    }
}
