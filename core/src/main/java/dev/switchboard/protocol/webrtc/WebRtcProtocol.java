package dev.switchboard.protocol.webrtc;

import dev.switchboard.api.Subprotocol;
import dev.switchboard.protocol.DelegatingProtocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The sgc WebRTC signalling protocol ({@value WebRtcSignalling#TOKEN}, also {@code <prefix>.webrtc.esegece.com} as the
 * sgc JavaScript client offers it); the {@link WebRtcSignalling} does the work. Channel publications never reach these
 * connections: the relay speaks to them only with its own frames, so nothing another protocol publishes can pass for
 * a signal.
 */
@ApplicationScoped
@Subprotocol(WebRtcSignalling.TOKEN)
public class WebRtcProtocol extends DelegatingProtocol {

    /** For the container's client proxy. */
    protected WebRtcProtocol() {}

    /**
     * Creates the handler.
     *
     * @param signalling the relay
     */
    @Inject
    public WebRtcProtocol(WebRtcSignalling signalling) {
        super(
                signalling::open,
                signalling::received,
                unsupported("WebRTC signalling frames are text"),
                signalling::closed);
    }

    @Override
    public boolean acceptsPrefixedTokens() {
        return true;
    }
}
