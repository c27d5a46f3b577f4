package dev.switchboard.firewall.internal;

import dev.switchboard.api.Connection;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client of each open connection, resolved from its handshake (peer and forwarding header) the way a request's
 * is, once when it opens, so a message costs no address work.
 */
public final class ConnectionClients {

    private final ClientAddresses resolver;
    private final ClientKeys keys;
    private final ConcurrentHashMap<String, Client> clients = new ConcurrentHashMap<>();

    /**
     * Creates the table.
     *
     * @param resolver resolves a handshake's client
     * @param keys     keys the client
     */
    public ConnectionClients(ClientAddresses resolver, ClientKeys keys) {
        this.resolver = resolver;
        this.keys = keys;
    }

    /**
     * The client of a connection: the one remembered when it opened, or resolved now.
     *
     * @param connection the connection
     * @return the client, or null when its address cannot be parsed
     */
    public Client clientOf(Connection connection) {
        Client known = clients.get(connection.id());
        if (known != null) {
            return known;
        }
        InetSocketAddress remote = connection.remoteAddress();
        if (remote == null) {
            return null;
        }
        Map<String, List<String>> headers = connection.headers();
        List<String> values = headers == null
                ? List.of()
                : headers.getOrDefault(resolver.header().toLowerCase(Locale.ROOT), List.of());
        return resolver.resolve(remote.getHostString(), values)
                .map(keys::client)
                .orElse(null);
    }

    /**
     * Remembers the client of a connection that opened.
     *
     * @param connection the connection
     * @return its client, or null when its address cannot be parsed (nothing is remembered then)
     */
    public Client opened(Connection connection) {
        Client client = clientOf(connection);
        if (client != null) {
            clients.put(connection.id(), client);
        }
        return client;
    }

    /**
     * Forgets a connection that closed.
     *
     * @param connection the connection
     * @return the client it had, or null
     */
    public Client closed(Connection connection) {
        return clients.remove(connection.id());
    }
}
