package dev.switchboard.protocol.broker;

import dev.switchboard.api.Connection;
import dev.switchboard.api.ConnectionStats;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Transport;
import dev.switchboard.hub.BaseConnection;
import dev.switchboard.hub.HubConnection;
import dev.switchboard.hub.OutboundQueue;
import dev.switchboard.spi.SubprotocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * One inner protocol of a broker connection, as its handler and the hub see it: a connection of its own (id,
 * attributes, subscriptions, counters) whose handshake facts and identity are the carrier's, and whose frames go out
 * on the carrier wrapped in the broker envelope. The hub registers it like any connection, so subscriptions, sends by
 * id and the per-handler fan-out (one encoding per inner handler) work unchanged.
 *
 * <p>It has no queue of its own: a send goes straight into the carrier's bounded queue, whose overflow closes the
 * carrier (and so this connection). Liveness is the carrier's: the heartbeat never pings an inner connection.
 */
final class InnerConnection implements HubConnection {

    private volatile boolean draining;

    private final String id = UUID.randomUUID().toString();
    private final Connection carrier;
    private final String protocol;
    private final SubprotocolHandler handler;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final Instant connectedAt = Instant.now();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder budgetRefusals = new LongAdder();
    private final BiConsumer<InnerConnection, Close> closer;

    /** A close this connection decided on (or was told to), to be finished in the carrier's serial order. */
    record Close(int code, String reason) {}

    /**
     * Creates an inner connection.
     *
     * @param carrier  the broker connection it travels in
     * @param protocol the inner subprotocol token
     * @param handler  that token's handler
     * @param closer   finishes a close started by {@link #close} (the broker session, serially)
     */
    InnerConnection(
            Connection carrier,
            String protocol,
            SubprotocolHandler handler,
            BiConsumer<InnerConnection, Close> closer) {
        this.carrier = carrier;
        this.protocol = protocol;
        this.handler = handler;
        this.closer = closer;
    }

    String protocol() {
        return protocol;
    }

    /** Counts one inbound frame of the inner protocol. */
    void countInbound(long bytes) {
        messagesIn.increment();
        bytesIn.add(bytes);
    }

    // ---- HubConnection --------------------------------------------------------------------------------

    @Override
    public SubprotocolHandler handler() {
        return handler;
    }

    @Override
    public boolean sendFrame(OutboundQueue.Frame frame) {
        Object payload = frame.payload();
        if (payload instanceof String text) {
            return sendText(text);
        }
        if (payload instanceof ByteBuffer data) {
            return sendBinary(data);
        }
        // A transport-specific frame (an SSE event object) has no meaning inside a WebSocket envelope.
        return false;
    }

    @Override
    public boolean markClosed() {
        return open.compareAndSet(true, false);
    }

    @Override
    public long lastInboundNanos() {
        // The carrier's heartbeat speaks for it: an inner connection never looks idle.
        return System.nanoTime();
    }

    @Override
    public long pingSentNanos() {
        return 0;
    }

    @Override
    public void sendPing() {
        // The carrier is pinged; a ping cannot travel inside the envelope.
    }

    @Override
    public java.util.concurrent.CompletionStage<java.time.Duration> measurePing(
            java.time.Duration timeout, dev.switchboard.spi.Scheduler scheduler) {
        return java.util.concurrent.CompletableFuture.failedStage(new UnsupportedOperationException(
                "An inner connection of the broker protocol has no ping of its own; ping its carrier " + carrier.id()));
    }

    @Override
    public void replaceIdentity(Identity refreshed) {
        // A credential refresh through the inner protocol renews the one connection the client holds.
        if (carrier instanceof HubConnection own) {
            own.replaceIdentity(refreshed);
        }
    }

    @Override
    public void countBudgetRefusal() {
        budgetRefusals.increment();
    }

    @Override
    public void closeOn(Executor executor) {
        // Closes finish in the carrier's serial order (the broker session), never on a publisher's thread.
    }

    // ---- Connection -----------------------------------------------------------------------------------

    @Override
    public String id() {
        return id;
    }

    @Override
    public Transport transport() {
        return carrier.transport();
    }

    @Override
    public Optional<String> subprotocol() {
        return Optional.of(protocol);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return carrier.remoteAddress();
    }

    @Override
    public String clientAddress() {
        return carrier.clientAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return carrier.localAddress();
    }

    @Override
    public URI requestUri() {
        return carrier.requestUri();
    }

    @Override
    public Map<String, List<String>> headers() {
        return carrier.headers();
    }

    @Override
    public Optional<Principal> principal() {
        return carrier.principal();
    }

    @Override
    public Optional<Identity> identity() {
        return carrier.identity();
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public ConnectionStats stats() {
        return new ConnectionStats(
                messagesIn.sum(), messagesOut.sum(), bytesIn.sum(), bytesOut.sum(), 0, budgetRefusals.sum());
    }

    @Override
    public boolean isOpen() {
        return open.get() && carrier.isOpen();
    }

    @Override
    public boolean sendText(String text) {
        if (!isOpen()) {
            return false;
        }
        if (!carrier.sendText(BrokerEnvelope.message(protocol, text))) {
            return false;
        }
        messagesOut.increment();
        bytesOut.add(BaseConnection.utf8Length(text));
        return true;
    }

    @Override
    public boolean sendBinary(ByteBuffer data) {
        if (!isOpen()) {
            return false;
        }
        int size = data.remaining();
        if (!carrier.sendBinary(BrokerEnvelope.binary(protocol, data))) {
            return false;
        }
        messagesOut.increment();
        bytesOut.add(size);
        return true;
    }

    @Override
    public void close(int code, String reason) {
        if (markClosed()) {
            closer.accept(this, new Close(code, BaseConnection.truncateReason(reason)));
        }
    }

    /**
     * An inner connection has no TCP connection of its own to cut, and cutting the carrier would end its siblings:
     * it is closed with {@link dev.switchboard.api.CloseCodes#POLICY_VIOLATION} instead.
     */
    @Override
    public boolean abort() {
        boolean open = isOpen();
        close(dev.switchboard.api.CloseCodes.POLICY_VIOLATION, "aborted");
        return open;
    }

    /**
     * Nothing waits in a queue of its own: every send went straight into the carrier's ordered queue, so the close
     * that follows at once reaches the client after all of it.
     */
    @Override
    public boolean drain(int code, String reason) {
        if (!isOpen() || draining) {
            return false;
        }
        draining = true;
        close(code, reason);
        return true;
    }

    @Override
    public boolean isDraining() {
        return draining;
    }

    @Override
    public String toString() {
        return "inner connection " + id + " (" + protocol + ") of " + carrier.id();
    }
}
