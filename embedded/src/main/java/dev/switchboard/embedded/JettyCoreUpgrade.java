package dev.switchboard.embedded;

import dev.switchboard.spi.WebSocketNativeUpgrade;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.websocket.jakarta.server.JakartaWebSocketServerContainer;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.Handshaker;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;

/**
 * Upgrades admitted handshakes to Jetty's core WebSocket, the layer under Jetty's Jakarta WebSocket implementation,
 * with a {@link CoreSocket} as the frame handler of each connection. It uses the Jakarta container's components (its
 * extension registry, buffer pool and executor) and its defaults for what Switchboard leaves to the container (the
 * idle timeout when none is set, the write timeout), so a connection behaves as a Jakarta session of this server
 * would, without the session. Registered with {@link java.util.ServiceLoader}.
 */
public final class JettyCoreUpgrade implements WebSocketNativeUpgrade {

    /** The class of the Jakarta WebSocket container of an ee10 web application on Jetty. */
    private static final String JETTY_CONTAINER =
            "org.eclipse.jetty.ee10.websocket.jakarta.server.JakartaWebSocketServerContainer";

    /** For the service loader. */
    public JettyCoreUpgrade() {}

    /**
     * Takes the request only when its web application's WebSocket container is Jetty's, known by its class name, so
     * that no Jetty class is linked on another container.
     */
    @Override
    public boolean upgrade(HttpServletRequest request, HttpServletResponse response, Handshake handshake)
            throws IOException {
        Object container = request.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null || !JETTY_CONTAINER.equals(container.getClass().getName())) {
            return false;
        }
        return Core.upgrade(request, handshake, (JakartaWebSocketServerContainer) container);
    }

    /** What links Jetty's classes, loaded at the first Jetty request. */
    private static final class Core {
        static final Handshaker HANDSHAKER = Handshaker.newInstance();

        static boolean upgrade(
                HttpServletRequest request, Handshake handshake, JakartaWebSocketServerContainer container)
                throws IOException {
            ServletContextRequest base = ServletContextRequest.getServletContextRequest(request);
            Negotiator negotiator = new Negotiator(handshake);
            Duration idle = handshake.idleTimeout().isZero()
                    ? Duration.ofMillis(container.getDefaultMaxSessionIdleTimeout())
                    : handshake.idleTimeout();
            negotiator.setIdleTimeout(idle);
            long writeTimeout = container.getDefaultAsyncSendTimeout();
            if (writeTimeout > 0) {
                negotiator.setWriteTimeout(Duration.ofMillis(writeTimeout));
            }
            // No message bounds on the session: Jetty's core only reports them, CoreSocket keeps them.
            FutureCallback written = new FutureCallback();
            if (!HANDSHAKER.upgradeRequest(
                    negotiator,
                    base,
                    base.getServletContextResponse(),
                    written,
                    container.getWebSocketComponents(),
                    null)) {
                // Not an upgrade Jetty's core takes (an unknown version): the standard upgrade answers it as Jetty
                // would.
                return false;
            }
            written.block();
            return true;
        }
    }

    /** Answers the handshake with Switchboard's decisions and makes the connection's frame handler. */
    private static final class Negotiator extends WebSocketNegotiator.AbstractNegotiator {
        private final Handshake handshake;

        Negotiator(Handshake handshake) {
            this.handshake = handshake;
        }

        @Override
        public FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
            if (handshake.subprotocol() != null) {
                response.setAcceptedSubProtocol(handshake.subprotocol());
            }
            for (Map.Entry<String, List<String>> header :
                    handshake.responseHeaders().entrySet()) {
                for (String value : header.getValue()) {
                    response.getHeaders().add(header.getKey(), value);
                }
            }
            // The extensions offered that Jetty has installed are negotiated by the handshaker, as for a session.
            return new CoreSocket(handshake);
        }
    }
}
