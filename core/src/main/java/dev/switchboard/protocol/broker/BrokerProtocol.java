package dev.switchboard.protocol.broker;

import dev.switchboard.admission.Admission;
import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.hub.BaseConnection;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.SubprotocolRegistry;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The sgc broker protocol ({@code broker.esegece.com}): several subprotocols on one WebSocket connection. Each inner
 * protocol the client opens gets an {@link InnerConnection} that the hub registers like any connection, and its own
 * handler (looked up in the {@link SubprotocolRegistry}) serves it unchanged; frames travel in the envelope the
 * package documentation describes.
 *
 * <p>Called by the transport, serially per connection. Inner frames go through {@link Hub#receiveText} and
 * {@link Hub#receiveBinary} with the inner connection, so the inbound message checks (the firewall) judge the decoded
 * inner payload, and the inner handler applies its own budgets and permission rules as for a direct connection.
 */
@ApplicationScoped
@Subprotocol(BrokerProtocol.NAME)
public class BrokerProtocol implements SubprotocolHandler {

    /** The subprotocol token. */
    public static final String NAME = "broker.esegece.com";

    private static final System.Logger LOG = System.getLogger(BrokerProtocol.class.getName());

    private static final String SESSION = BrokerProtocol.class.getName() + ".session";

    private Hub hub;
    private SubprotocolRegistry registry;
    private BrokerProtocolSettings settings;
    private Admission admission;

    /** For the container's client proxy. */
    protected BrokerProtocol() {}

    /**
     * Creates the protocol bean.
     *
     * @param hub      the hub the inner connections are registered with
     * @param registry the handlers of the inner protocols
     * @param settings  which inner protocols, how many at once
     * @param admission asks the application's upgrade checks about each inner protocol, as a handshake would
     */
    @Inject
    public BrokerProtocol(Hub hub, SubprotocolRegistry registry, BrokerProtocolSettings settings, Admission admission) {
        this.hub = hub;
        this.registry = registry;
        this.settings = settings;
        this.admission = admission;
    }

    @Override
    public void onOpen(Connection connection) {
        connection.attributes().put(SESSION, new BrokerSession(connection, hub.scheduler()::execute));
    }

    @Override
    public void onText(Connection connection, String message) {
        session(connection).ifPresent(session -> session.serially(() -> text(session, message)));
    }

    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        session(connection).ifPresent(session -> session.serially(() -> binary(session, message)));
    }

    @Override
    public void onError(Connection connection, Throwable error) {
        session(connection)
                .ifPresent(session -> session.serially(() -> {
                    for (InnerConnection inner : session.all()) {
                        try {
                            inner.handler().onError(inner, error);
                            hub.failed(inner, error);
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.WARNING, "Handler onError of " + inner + " failed", e);
                        }
                    }
                }));
    }

    @Override
    public void onClose(Connection connection, int code, String reason) {
        Object value = connection.attributes().remove(SESSION);
        if (value instanceof BrokerSession session) {
            session.serially(() -> {
                for (InnerConnection inner : session.all()) {
                    finish(session, inner, code, reason, false);
                }
            });
        }
    }

    private static Optional<BrokerSession> session(Connection connection) {
        return connection.attributes().get(SESSION) instanceof BrokerSession session
                ? Optional.of(session)
                : Optional.empty();
    }

    // ---- inbound ---------------------------------------------------------------------------------------

    private void text(BrokerSession session, String message) {
        BrokerEnvelope.Request request;
        try {
            request = BrokerEnvelope.decode(message);
        } catch (BrokerEnvelope.MalformedEnvelope e) {
            refuse(session, e.protocol, e.getMessage());
            return;
        }
        String protocol = request.protocol();
        switch (request.kind()) {
            case OPEN -> open(session, protocol);
            case CLOSE -> {
                Optional<InnerConnection> inner = session.inner(protocol);
                if (inner.isEmpty()) {
                    refuse(session, protocol, "protocol not open");
                } else {
                    inner.get().close(CloseCodes.NORMAL, "closed by the client");
                }
            }
            case MESSAGE -> {
                Optional<InnerConnection> inner = openInner(session, protocol);
                if (inner.isPresent()) {
                    inner.get().countInbound(BaseConnection.utf8Length(request.data()));
                    hub.receiveText(inner.get(), inner.get().handler(), request.data());
                }
            }
            default -> refuse(session, protocol, "unexpected frame");
        }
    }

    private void binary(BrokerSession session, ByteBuffer message) {
        BrokerEnvelope.Binary frame;
        try {
            frame = BrokerEnvelope.decodeBinary(message);
        } catch (BrokerEnvelope.MalformedEnvelope e) {
            refuse(session, null, e.getMessage());
            return;
        }
        Optional<InnerConnection> inner = openInner(session, frame.protocol());
        if (inner.isPresent()) {
            inner.get().countInbound(frame.payload().remaining());
            hub.receiveBinary(inner.get(), inner.get().handler(), frame.payload());
        }
    }

    private Optional<InnerConnection> openInner(BrokerSession session, String protocol) {
        Optional<InnerConnection> inner = session.inner(protocol).filter(InnerConnection::isOpen);
        if (inner.isEmpty()) {
            refuse(session, protocol, "protocol not open");
        }
        return inner;
    }

    private void open(BrokerSession session, String protocol) {
        if (NAME.equals(protocol)) {
            refuse(session, protocol, "a broker connection does not carry another");
            return;
        }
        if (session.inner(protocol).isPresent()) {
            refuse(session, protocol, "protocol already open");
            return;
        }
        Optional<SubprotocolHandler> handler =
                settings.allows(protocol) ? registry.handler(protocol) : Optional.empty();
        if (handler.isEmpty()) {
            refuse(session, protocol, "unknown or not allowed protocol");
            return;
        }
        if (session.openCount() >= settings.maxProtocols()) {
            refuse(session, protocol, "at most " + settings.maxProtocols() + " protocols open at once");
            return;
        }
        // An application's upgrade check that refuses a subprotocol at the handshake must refuse it here too, or the
        // broker would be a way around it.
        if (!(session.carrier() instanceof BaseConnection carrier)) {
            refuse(session, protocol, "no handshake to judge the protocol by");
            return;
        }
        if (admission.decideInner(carrier.handshake(), protocol) instanceof Admission.Refusal refusal) {
            refuse(session, protocol, "refused by the handshake checks (" + refusal.status() + ")");
            return;
        }
        InnerConnection inner = new InnerConnection(
                session.carrier(),
                protocol,
                handler.get(),
                (closing, close) -> session.after(() -> finish(session, closing, close.code(), close.reason(), true)));
        session.add(inner);
        hub.register(inner);
        // Before the inner handler's first frame (the sgc session), so the client knows the protocol is open.
        session.carrier().sendText(BrokerEnvelope.opened(protocol));
        try {
            handler.get().onOpen(inner);
            hub.opened(inner);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Subprotocol handler onOpen failed on " + inner + "; closing it", e);
            inner.close(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    /**
     * Finishes an inner connection's close, once: the hub forgets it, its handler is told, and the client learns of
     * it. A close the server decided with any code but 1000 closes the carrier too: a direct connection would have
     * lost its socket, and a client must not sidestep a firewall or protocol verdict by opening the protocol again.
     */
    private void finish(BrokerSession session, InnerConnection inner, int code, String reason, boolean tellClient) {
        if (!session.remove(inner)) {
            return;
        }
        inner.markClosed();
        try {
            // The hub first, so the handler's onClose sees the connection gone from every channel.
            hub.closed(inner, code, reason);
            inner.handler().onClose(inner, code, reason);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Handler onClose of " + inner + " failed", e);
        }
        Connection carrier = session.carrier();
        if (tellClient && carrier.isOpen()) {
            if (code == CloseCodes.NORMAL) {
                carrier.sendText(BrokerEnvelope.closed(inner.protocol(), code, reason));
            } else {
                carrier.close(code, reason);
            }
        }
    }

    private static void refuse(BrokerSession session, String protocol, String message) {
        String named = protocol != null && BrokerEnvelope.printableToken(protocol) ? protocol : null;
        session.carrier().sendText(BrokerEnvelope.error(named, message));
    }
}
