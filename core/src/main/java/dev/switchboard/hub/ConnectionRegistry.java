package dev.switchboard.hub;

import dev.switchboard.api.Connection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open connection of this node, by id. Transports add a connection when it opens and remove it when it
 * closes; snapshots are safe under concurrent connects and disconnects. The hub resolves an application's
 * {@link Connection} to its own {@link HubConnection} here, by id.
 */
@ApplicationScoped
public class ConnectionRegistry {

    private final ConcurrentHashMap<String, HubConnection> connections = new ConcurrentHashMap<>();

    /**
     * Registers an opened connection.
     *
     * @param connection the connection
     */
    public void add(HubConnection connection) {
        connections.put(connection.id(), connection);
    }

    /**
     * Forgets a closed connection.
     *
     * @param connection the connection
     */
    public void remove(Connection connection) {
        connections.remove(connection.id(), connection);
    }

    /**
     * Looks a connection up.
     *
     * @param id the connection id
     * @return the connection, or empty when it is unknown or closed
     */
    public Optional<Connection> find(String id) {
        return Optional.ofNullable(connections.get(id));
    }

    /**
     * Looks the hub's own object of a connection up.
     *
     * @param id the connection id
     * @return the connection, or empty when it is unknown or closed
     */
    public Optional<HubConnection> lookup(String id) {
        return Optional.ofNullable(connections.get(id));
    }

    /**
     * The number of open connections.
     *
     * @return the count
     */
    public int count() {
        return connections.size();
    }

    /**
     * A copy of the open connections at this moment.
     *
     * @return the connections
     */
    public List<Connection> snapshot() {
        return List.copyOf(connections.values());
    }

    /**
     * A copy of the open connections at this moment, as the hub works with them.
     *
     * @return the connections
     */
    public List<HubConnection> hubSnapshot() {
        return List.copyOf(connections.values());
    }

    /**
     * Closes every connection, for shutdown and undeploy.
     *
     * @param code   the close code
     * @param reason the reason
     */
    public void closeAll(int code, String reason) {
        for (Connection connection : snapshot()) {
            connection.close(code, reason);
        }
    }
}
