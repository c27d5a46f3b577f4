package dev.switchboard.log;

import dev.switchboard.api.Connection;
import dev.switchboard.hub.BaseConnection;
import dev.switchboard.log.internal.WireEntry;
import dev.switchboard.log.internal.WireEntry.Kind;
import dev.switchboard.log.internal.WireLogWriter;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the transports report each frame to the wire log. Every method first reads one volatile flag, true only
 * while some connection may be logged (the global switch, a match rule, or a connection enabled at run time); while
 * it is false a report costs that read and nothing else. The public methods are kept tiny so the JIT inlines them
 * into the transport's code; the work is in the private ones.
 *
 * <p>The transports call it on their own threads (the inbound thread of a connection, the thread that completes
 * a write); it never blocks: an entry goes into the writer's bounded queue.
 */
public final class WireTap {

    /** A tap that never logs, for transports built outside an application (their own tests). */
    public static final WireTap OFF = new WireTap(null, null);

    private final WireLogSettings settings;
    private final WireLogWriter writer;
    private final Map<String, Boolean> overrides = new ConcurrentHashMap<>();
    private volatile boolean global;
    private volatile boolean active;

    WireTap(WireLogSettings settings, WireLogWriter writer) {
        this.settings = settings;
        this.writer = writer;
        if (settings != null) {
            this.global = settings.enabled();
            update();
        }
    }

    /**
     * Whether any connection may be logged now.
     *
     * @return false when the wire log is off for everyone
     */
    public boolean active() {
        return active;
    }

    /**
     * A connection opened.
     *
     * @param connection the connection
     */
    public void opened(Connection connection) {
        if (active) {
            recordOpen(connection);
        }
    }

    /**
     * A text message.
     *
     * @param connection the connection
     * @param inbound    true for what the client sent
     * @param text       the message
     */
    public void text(Connection connection, boolean inbound, String text) {
        if (active) {
            recordText(connection, inbound, text);
        }
    }

    /**
     * A binary message. The buffer is read, not consumed.
     *
     * @param connection the connection
     * @param inbound    true for what the client sent
     * @param data       the message
     */
    public void binary(Connection connection, boolean inbound, ByteBuffer data) {
        if (active) {
            recordBinary(connection, inbound, data);
        }
    }

    /**
     * A ping or a pong.
     *
     * @param connection the connection
     * @param inbound    true for what the client sent
     * @param ping       true for a ping, false for a pong
     * @param size       the payload's size
     */
    public void control(Connection connection, boolean inbound, boolean ping, long size) {
        if (active) {
            record(connection, inbound, ping ? Kind.PING : Kind.PONG, size, null, 0);
        }
    }

    /**
     * A close: sent by the server ({@code inbound} false) or reported by the transport.
     *
     * @param connection the connection
     * @param inbound    true when the client closed or the transport reported the close
     * @param code       the close code
     * @param reason     the reason, may be null
     */
    public void closed(Connection connection, boolean inbound, int code, String reason) {
        if (active) {
            recordClose(connection, inbound, code, reason);
        }
    }

    /**
     * Whether a connection's frames are logged: a run-time choice for it wins, then the global switch, then the
     * match rules.
     *
     * @param connection the connection
     * @return true when its frames are written
     */
    public boolean logs(Connection connection) {
        if (!active) {
            return false;
        }
        Boolean chosen = overrides.get(connection.id());
        if (chosen != null) {
            return chosen;
        }
        return global || matches(connection);
    }

    boolean matches(Connection connection) {
        if (settings == null || !settings.hasRules()) {
            return false;
        }
        if (!settings.subprotocols().isEmpty()
                && connection
                        .subprotocol()
                        .map(settings.subprotocols()::contains)
                        .orElse(false)) {
            return true;
        }
        if (!settings.addresses().isEmpty() && settings.addresses().contains(connection.clientAddress())) {
            return true;
        }
        return !settings.users().isEmpty()
                && connection
                        .principal()
                        .map(Principal::getName)
                        .map(settings.users()::contains)
                        .orElse(false);
    }

    boolean global() {
        return global;
    }

    void global(boolean enabled) {
        global = enabled;
        update();
    }

    void choose(String connectionId, Boolean logged) {
        if (logged == null) {
            overrides.remove(connectionId);
        } else {
            overrides.put(connectionId, logged);
        }
        update();
    }

    Boolean chosen(String connectionId) {
        return overrides.get(connectionId);
    }

    private void update() {
        active = writer != null && (global || settings.hasRules() || !overrides.isEmpty());
    }

    private void recordOpen(Connection connection) {
        if (!logs(connection)) {
            return;
        }
        StringBuilder facts = new StringBuilder(128)
                .append("from ")
                .append(connection.clientAddress())
                .append(" user ")
                .append(connection.principal().map(Principal::getName).orElse("-"))
                .append(" subprotocol ")
                .append(connection.subprotocol().orElse("-"))
                .append(" uri ")
                .append(connection.requestUri());
        writer.offer(entry(connection, true, Kind.OPEN, 0, facts.toString(), 0));
    }

    private void record(Connection connection, boolean inbound, Kind kind, long size, String text, int code) {
        if (logs(connection)) {
            writer.offer(entry(connection, inbound, kind, size, text, code));
        }
    }

    private void recordText(Connection connection, boolean inbound, String text) {
        if (logs(connection)) {
            writer.offer(entry(connection, inbound, Kind.TEXT, BaseConnection.utf8Length(text), text, 0));
        }
    }

    private void recordBinary(Connection connection, boolean inbound, ByteBuffer data) {
        if (!logs(connection)) {
            return;
        }
        ByteBuffer view = data.duplicate();
        int size = view.remaining();
        byte[] kept = new byte[Math.min(size, settings.maxPayload())];
        view.get(kept);
        writer.offer(entry(connection, inbound, Kind.BINARY, size, kept, 0));
    }

    private void recordClose(Connection connection, boolean inbound, int code, String reason) {
        if (logs(connection)) {
            writer.offer(entry(connection, inbound, Kind.CLOSE, 0, reason == null ? "" : reason, code));
        }
        // A run-time choice ends with its connection, so the table holds only open connections.
        if (inbound && overrides.remove(connection.id()) != null) {
            update();
        }
    }

    private static WireEntry entry(
            Connection connection, boolean inbound, Kind kind, long size, Object payload, int code) {
        return new WireEntry(
                System.currentTimeMillis(),
                connection.id(),
                connection.transport().name().toLowerCase(Locale.ROOT),
                inbound,
                kind,
                size,
                payload,
                code);
    }
}
