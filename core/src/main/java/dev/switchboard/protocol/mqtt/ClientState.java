package dev.switchboard.protocol.mqtt;

import dev.switchboard.api.Connection;
import dev.switchboard.protocol.mqtt.MqttPacket.Will;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MQTT state of one live connection: its decoder, what its CONNECT negotiated, its will and topic aliases. The
 * fields are set on the connection's inbound thread; those deliveries read ({@link #level}, {@link #sendWindow},
 * {@link #maxPacketSize}) are set before the connection's session is bound, and {@link #connection} is thread-safe.
 */
final class ClientState implements MqttSession.MqttLink {

    final Connection connection;
    final MqttCodec.Decoder decoder;
    /** The connection as authorisation sees it: with the identity the CONNECT proved. */
    Connection asClient;

    volatile int level;
    volatile boolean connected;
    /** Set once the server or the client ended the MQTT conversation; later inbound bytes are ignored. */
    volatile boolean finished;
    /** True after a DISCONNECT 0x00 from the client: no will. */
    volatile boolean graceful;
    /** True after another connection took this one's session over. */
    volatile boolean takenOver;

    MqttSession session;
    Optional<Will> will = Optional.empty();
    long willDelaySeconds;
    volatile int sendWindow;
    volatile long maxPacketSize;
    int keepAliveSeconds;
    volatile long lastPacketNanos = System.nanoTime();
    Future<?> keepAliveTask;
    boolean problemInformation = true;
    final Map<Integer, String> topicAliases = new HashMap<>();
    /** QoS 1 and 2 PUBLISH packets from the client not yet acknowledged (QoS 2: not yet released). */
    final AtomicInteger inboundInFlight = new AtomicInteger();

    ClientState(Connection connection, int maxPacketSize) {
        this.connection = connection;
        this.asClient = connection;
        this.decoder = new MqttCodec.Decoder(maxPacketSize);
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    public int level() {
        return level;
    }

    @Override
    public int sendWindow() {
        return sendWindow;
    }

    @Override
    public boolean send(MqttPacket packet) {
        java.nio.ByteBuffer bytes = MqttCodec.encode(packet, level);
        if (bytes.remaining() > maxPacketSize) {
            // MQTT 5.0 §3.1.2.11.4: a packet the client cannot take is discarded as if it had been delivered.
            return false;
        }
        connection.sendBinary(bytes);
        return true;
    }

    boolean v5() {
        return level == MqttPacket.V5;
    }
}
