package dev.switchboard.ejb;

import dev.switchboard.api.Connection;
import dev.switchboard.hub.ConnectionRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Administration of this node's connections for operators and server-side code: how many are open, and
 * disconnecting one or all of them with a chosen close code.
 *
 * <p>It is an EJB so that it has a portable global JNDI name
 * ({@code java:global/switchboard/switchboard-ejb/NodeAdministration} in the EAR), can later be exposed through
 * management and remote views, and starts with the application. The work is done by core's
 * {@link ConnectionRegistry}; a disconnect is the ordinary close handshake, so the client receives the code and
 * reason in a close frame and the subprotocol handler's {@code onClose} runs.
 *
 * <p>Bean-managed concurrency: the registry is thread-safe, and the container's default write lock would
 * serialise every call for nothing. No transaction: nothing here is transactional.
 */
@Singleton
@Startup
@LocalBean
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NodeAdministration {

    private static final System.Logger LOG = System.getLogger(NodeAdministration.class.getName());

    @Inject
    ConnectionRegistry registry;

    /** For the container. */
    public NodeAdministration() {}

    /**
     * For tests and for code outside a container.
     *
     * @param registry the registry to administer
     */
    NodeAdministration(ConnectionRegistry registry) {
        this.registry = registry;
    }

    @PostConstruct
    void started() {
        LOG.log(
                System.Logger.Level.INFO,
                "Switchboard node administration ready; {0} connection(s) open",
                registry.count());
    }

    /**
     * The number of connections open on this node, over every transport.
     *
     * @return the count
     */
    public int openConnections() {
        return registry.count();
    }

    /**
     * Closes one connection with a close code and reason.
     *
     * @param id     the connection id
     * @param code   a close code the server may send (see {@link #requireSendable(int)})
     * @param reason the reason, cut to 123 bytes of UTF-8
     * @return true when the connection was open on this node and is now closing; false when it is unknown here
     * @throws IllegalArgumentException when the code may not be sent in a close frame
     */
    public boolean disconnect(String id, int code, String reason) {
        requireSendable(code);
        Optional<Connection> connection = registry.find(id);
        if (connection.isEmpty() || !connection.get().isOpen()) {
            return false;
        }
        connection.get().close(code, reason);
        LOG.log(
                System.Logger.Level.INFO,
                "Disconnected {0} with {1} ({2})",
                connection.get(),
                String.valueOf(code),
                reason);
        return true;
    }

    /**
     * Closes every open connection of this node with a close code and reason, for example {@code 4000}
     * (shutdown: clients reconnect, to another node if there is one) before taking the node out of service.
     *
     * @param code   a close code the server may send (see {@link #requireSendable(int)})
     * @param reason the reason, cut to 123 bytes of UTF-8
     * @return the number of connections that were open and are now closing
     * @throws IllegalArgumentException when the code may not be sent in a close frame
     */
    public int disconnectAll(int code, String reason) {
        requireSendable(code);
        int closed = 0;
        for (Connection connection : registry.snapshot()) {
            if (connection.isOpen()) {
                connection.close(code, reason);
                closed++;
            }
        }
        LOG.log(
                System.Logger.Level.INFO,
                "Disconnected {0} connection(s) with {1} ({2})",
                closed,
                String.valueOf(code),
                reason);
        return closed;
    }

    /**
     * Rejects close codes that an endpoint must not put in a close frame
     * (<a href="https://www.rfc-editor.org/rfc/rfc6455#section-7.4">RFC 6455 §7.4</a>): everything outside
     * 1000–4999, the reserved 1004, 1005, 1006 and 1015, and the unassigned 1016–2999.
     *
     * @param code the candidate code
     * @throws IllegalArgumentException when the code may not be sent
     */
    static void requireSendable(int code) {
        boolean sendable = (code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006)
                || (code >= 3000 && code <= 4999);
        if (!sendable) {
            throw new IllegalArgumentException("Close code " + code + " may not be sent (RFC 6455 section 7.4);"
                    + " use 1000-1003, 1007-1014 or 3000-4999");
        }
    }
}
