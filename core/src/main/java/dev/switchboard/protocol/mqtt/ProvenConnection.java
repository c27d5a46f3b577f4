package dev.switchboard.protocol.mqtt;

import dev.switchboard.api.Connection;
import dev.switchboard.api.ConnectionStats;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connection as the application's subscribe and publish handlers and the budgets see it after an MQTT CONNECT
 * proved a user name and password: the same connection, with the identity the credential stores returned in place
 * of the handshake's (which the hub keeps: the transport authenticated nobody, or somebody else).
 */
final class ProvenConnection implements Connection {

    private final Connection connection;
    private final Identity identity;

    ProvenConnection(Connection connection, Identity identity) {
        this.connection = connection;
        this.identity = identity;
    }

    @Override
    public String id() {
        return connection.id();
    }

    @Override
    public Transport transport() {
        return connection.transport();
    }

    @Override
    public Optional<String> subprotocol() {
        return connection.subprotocol();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public String clientAddress() {
        return connection.clientAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return connection.localAddress();
    }

    @Override
    public URI requestUri() {
        return connection.requestUri();
    }

    @Override
    public Map<String, List<String>> headers() {
        return connection.headers();
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.of(identity);
    }

    @Override
    public Optional<Identity> identity() {
        return Optional.of(identity);
    }

    @Override
    public Map<String, Object> attributes() {
        return connection.attributes();
    }

    @Override
    public Instant connectedAt() {
        return connection.connectedAt();
    }

    @Override
    public ConnectionStats stats() {
        return connection.stats();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public boolean sendText(String text) {
        return connection.sendText(text);
    }

    @Override
    public boolean sendBinary(ByteBuffer data) {
        return connection.sendBinary(data);
    }

    @Override
    public OutputStream sendBinaryStream(Duration wait) throws IOException {
        return connection.sendBinaryStream(wait);
    }

    @Override
    public Writer sendTextStream(Duration wait) throws IOException {
        return connection.sendTextStream(wait);
    }

    @Override
    public void close(int code, String reason) {
        connection.close(code, reason);
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
