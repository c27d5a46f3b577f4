package dev.switchboard.tcp;

import dev.switchboard.admission.Admission;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.firewall.Firewall;
import dev.switchboard.firewall.Refusal;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.hub.Hub;
import dev.switchboard.hub.SubprotocolRegistry;
import dev.switchboard.log.LogSafe;
import dev.switchboard.log.WireLog;
import dev.switchboard.spi.FirewallRequest;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.tcp.internal.TcpStreamAdapter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an accepted TCP socket into a hub connection of transport {@link dev.switchboard.api.Transport#TCP} whose
 * bytes go to one subprotocol's handler as binary messages. The host server calls {@link #accept} once per socket,
 * before it reads a byte.
 *
 * <p>What a WebSocket handshake meets applies here too, from the first byte, in the same order:
 * <ol>
 *   <li>the firewall ({@link Firewall#admit}) with the socket's peer as the client (there is no forwarding header to
 *       read): address lists, bans, GeoIP, the per-address connection rate and concurrent cap, and the custom rules,
 *       which see the method {@value #FIREWALL_METHOD}, the path {@code /} and no headers;</li>
 *   <li>admission ({@link Admission#decideWithoutRequest}): the drain and {@code switchboard.max-connections}.</li>
 * </ol>
 * A refused socket is closed at once (TCP has no status to answer with); the refusal is logged. The upgrade checks
 * are not asked (they judge an HTTP request), and the client authenticates inside its subprotocol (MQTT CONNECT user
 * name and password). Once open, inbound bytes pass the hub's inbound checks (the firewall's message limits count
 * each read as a message) before the handler sees them.
 */
@ApplicationScoped
public class TcpTransport {

    /** The method a {@link dev.switchboard.spi.FirewallRule} sees for a TCP connection, which has no request. */
    public static final String FIREWALL_METHOD = "TCP";

    private static final System.Logger LOG = System.getLogger(TcpTransport.class.getName());
    private static final URI NO_REQUEST = URI.create("/");

    private Hub hub;
    private SubprotocolRegistry protocols;
    private SwitchboardConfig config;
    private Firewall firewall;
    private Admission admission;
    private WireLog wireLog;

    /** For the container's client proxy. */
    protected TcpTransport() {}

    /**
     * Creates the transport.
     *
     * @param hub       the hub
     * @param protocols the subprotocol handlers
     * @param config    the outbound bounds
     * @param firewall  judges the peer address before anything is read
     * @param admission the drain and the connection limit
     * @param wireLog   the wire log
     */
    @Inject
    public TcpTransport(
            Hub hub,
            SubprotocolRegistry protocols,
            SwitchboardConfig config,
            Firewall firewall,
            Admission admission,
            WireLog wireLog) {
        this.hub = hub;
        this.protocols = protocols;
        this.config = config;
        this.firewall = firewall;
        this.admission = admission;
        this.wireLog = wireLog;
    }

    /**
     * Admits an accepted socket or closes it.
     *
     * @param socket      the socket, nothing read from it yet
     * @param subprotocol the subprotocol its bytes carry ({@code mqtt})
     * @param what        what is being opened, for the log ("MQTT TCP connection")
     * @return what the host calls with the bytes it reads, or empty when the socket was refused and closed
     */
    public Optional<TcpSocketListener> accept(TcpSocket socket, String subprotocol, String what) {
        InetSocketAddress remote = socket.remoteAddress();
        String peer = hostOf(remote);
        Optional<SubprotocolHandler> handler = protocols.handler(subprotocol);
        if (handler.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Refused {0} from {1}: no {2} handler", what, peer, subprotocol);
            socket.close();
            return Optional.empty();
        }
        InetAddress client = null;
        if (firewall.settings().enabled()) {
            Optional<InetAddress> resolved = firewall.clientAddress(peer, List.of());
            if (resolved.isEmpty()) {
                refuse(socket, what, peer, firewall.refuseUnknownAddress(peer));
                return Optional.empty();
            }
            client = resolved.get();
            Optional<Refusal> refusal =
                    firewall.admit(new FirewallRequest(client, FIREWALL_METHOD, NO_REQUEST, Map.of(), true));
            if (refusal.isPresent()) {
                refuse(socket, what, peer, refusal.get());
                return Optional.empty();
            }
        }
        if (admission.decideWithoutRequest(what, peer) instanceof Admission.Refusal refusal) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "Refused {0} from {1}: {2} ({3})",
                    what,
                    peer,
                    refusal.gate(),
                    LogSafe.of(refusal.body()));
            socket.close();
            return Optional.empty();
        }
        HandshakeInfo facts = new HandshakeInfo(
                InetSocketAddress.createUnresolved(peer, remote.getPort()),
                InetSocketAddress.createUnresolved(
                        hostOf(socket.localAddress()), socket.localAddress().getPort()),
                NO_REQUEST,
                Map.of(),
                Optional.empty(),
                client == null ? peer : client.getHostAddress());
        if (client != null) {
            // Counted towards the address's concurrent cap until the connection is open (and counted as such).
            firewall.handshakeStarted(client);
        }
        try {
            TcpStreamAdapter adapter =
                    new TcpStreamAdapter(socket, subprotocol, handler.get(), facts, hub, config, wireLog.tap());
            adapter.open();
            return Optional.of(adapter);
        } finally {
            if (client != null) {
                firewall.handshakeEnded(client);
            }
        }
    }

    private static void refuse(TcpSocket socket, String what, String peer, Refusal refusal) {
        // The firewall logged and counted the refusal under its rule already; this line names the transport.
        LOG.log(System.Logger.Level.DEBUG, "Refused {0} from {1}: rule {2}", what, peer, refusal.rule());
        socket.close();
    }

    private static String hostOf(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        return ip != null ? ip.getHostAddress() : address.getHostString();
    }
}
