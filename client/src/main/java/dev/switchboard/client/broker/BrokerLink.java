package dev.switchboard.client.broker;

import dev.switchboard.client.link.Link;
import dev.switchboard.client.link.LinkClosed;
import dev.switchboard.client.link.LinkListener;
import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.link.LinkSession;
import dev.switchboard.client.link.LinkState;
import dev.switchboard.client.link.Links;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One connection with the sgc broker protocol, carrying inner protocols. The outer link reconnects as any link does
 * (backoff, the server list, authentication); each inner link opens its protocol when the outer one is open, and
 * again after every reconnect, and tells its listener {@code opened} and {@code closed} as a link of its own would.
 *
 * <pre>{@code
 * BrokerLink broker = BrokerLink.open(LinkOptions.builder("wss://host/"));
 * SwitchboardClient sgc = SwitchboardClient.builder().link(broker.inner("esegece.com")).build();
 * Link stomp = broker.inner("v12.stomp").apply(myStompListener);
 * }</pre>
 *
 * <p>Thread-safe. Inner listeners are called on the outer link's thread, one call at a time.
 */
public final class BrokerLink implements AutoCloseable {

    /** The broker protocol's subprotocol token. */
    public static final String SUBPROTOCOL = "broker.esegece.com";

    /** Most frames an inner link keeps while its protocol is not open. */
    public static final int INNER_QUEUE = 1000;

    private final Link outer;
    private final Map<String, Inner> inners = new ConcurrentHashMap<>();
    private volatile LinkSession session;

    private BrokerLink(LinkOptions options) {
        this.outer = Links.create(options, new Outer());
    }

    /**
     * Creates the outer link and starts it.
     *
     * @param options where and how to connect (its subprotocols are replaced by the broker's)
     * @return the broker link
     */
    public static BrokerLink open(LinkOptions.Builder options) {
        BrokerLink broker = new BrokerLink(options.subprotocols(SUBPROTOCOL).build());
        broker.outer.start();
        return broker;
    }

    /**
     * A factory of the inner link of one protocol, for a client that takes one
     * ({@link dev.switchboard.client.SwitchboardClient.Builder#link}). One inner link per protocol.
     *
     * @param protocol the inner subprotocol token
     * @return the factory; its link opens the protocol when started
     */
    public Function<LinkListener, Link> inner(String protocol) {
        return listener -> {
            Inner inner = new Inner(protocol, listener);
            if (inners.putIfAbsent(protocol, inner) != null) {
                throw new IllegalStateException(protocol + " has an inner link on this connection already");
            }
            return inner;
        };
    }

    /** The outer link's state. */
    public LinkState state() {
        return outer.state();
    }

    /** Closes every inner link, then the connection. */
    @Override
    public void close() {
        inners.values().forEach(Inner::close);
        outer.close();
    }

    // ---- the outer link -------------------------------------------------------------------------------

    private final class Outer implements LinkListener {
        @Override
        public void opened(LinkSession opened) {
            session = opened;
            inners.values().forEach(Inner::openOnServer);
        }

        @Override
        public void text(String text) {
            JsonObject frame;
            try (var reader = Json.createReader(new StringReader(text))) {
                frame = reader.readObject();
            } catch (RuntimeException e) {
                return;
            }
            Inner inner = inners.get(string(frame, "protocol"));
            if (inner == null) {
                return;
            }
            switch (string(frame, "broker")) {
                case "opened" -> inner.opened();
                case "message" -> inner.listener.text(string(frame, "data"));
                case "closed" -> inner.closedOnServer(parse(string(frame, "code")), string(frame, "reason"));
                case "error" ->
                    inner.listener.error(
                            new IllegalStateException("the server refused a frame: " + string(frame, "message")));
                default -> {
                    // A frame of a later version.
                }
            }
        }

        @Override
        public void binary(ByteBuffer data) {
            if (!data.hasRemaining()) {
                return;
            }
            int length = data.get() & 0xff;
            if (data.remaining() < length) {
                return;
            }
            byte[] token = new byte[length];
            data.get(token);
            Inner inner = inners.get(new String(token, StandardCharsets.US_ASCII));
            if (inner != null) {
                inner.listener.binary(data.slice());
            }
        }

        @Override
        public void closed(LinkClosed closed) {
            inners.values().forEach(inner -> inner.outerClosed(closed));
        }

        @Override
        public void error(Throwable error) {
            inners.values().forEach(inner -> inner.listener.error(error));
        }
    }

    private static String string(JsonObject frame, String field) {
        JsonValue value = frame.get(field);
        return value instanceof JsonString string ? string.getString() : "";
    }

    private static int parse(String code) {
        try {
            return Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    // ---- inner links ----------------------------------------------------------------------------------

    /** One protocol on the connection, as a link. */
    private final class Inner implements Link {
        final String protocol;
        final LinkListener listener;
        private final ReentrantLock lock = new ReentrantLock();
        private final Queue<String> waiting = new ArrayDeque<>();
        private LinkState state = LinkState.NEW;
        private boolean open;
        private int attempt;

        Inner(String protocol, LinkListener listener) {
            this.protocol = protocol;
            this.listener = listener;
        }

        @Override
        public void start() {
            lock.lock();
            try {
                if (state != LinkState.NEW) {
                    return;
                }
                state = LinkState.CONNECTING;
            } finally {
                lock.unlock();
            }
            if (outer.state() == LinkState.OPEN) {
                openOnServer();
            }
        }

        void openOnServer() {
            lock.lock();
            try {
                if (state != LinkState.CONNECTING) {
                    return;
                }
            } finally {
                lock.unlock();
            }
            outer.sendNow(envelope("open", null));
        }

        void opened() {
            Queue<String> flush;
            lock.lock();
            try {
                if (state == LinkState.CLOSED) {
                    return;
                }
                state = LinkState.OPEN;
                open = true;
                flush = new ArrayDeque<>(waiting);
                waiting.clear();
            } finally {
                lock.unlock();
            }
            LinkSession outerSession = session;
            listener.opened(new LinkSession(
                    outerSession == null ? null : outerSession.url(),
                    outerSession == null ? "websocket" : outerSession.transport(),
                    protocol,
                    null,
                    attempt++));
            for (String text : flush) {
                outer.send(envelope("message", text));
            }
        }

        void closedOnServer(int code, String reason) {
            lock.lock();
            try {
                if (state == LinkState.CLOSED) {
                    return;
                }
                state = LinkState.CLOSED;
                open = false;
            } finally {
                lock.unlock();
            }
            inners.remove(protocol, this);
            listener.closed(new LinkClosed(code, reason, true, false, Duration.ZERO));
        }

        void outerClosed(LinkClosed closed) {
            boolean wasOpen;
            lock.lock();
            try {
                if (state == LinkState.CLOSED) {
                    return;
                }
                wasOpen = open;
                open = false;
                state = closed.retrying() ? LinkState.CONNECTING : LinkState.CLOSED;
            } finally {
                lock.unlock();
            }
            if (!closed.retrying()) {
                inners.remove(protocol, this);
            }
            listener.closed(
                    new LinkClosed(closed.code(), closed.reason(), wasOpen, closed.retrying(), closed.nextAttemptIn()));
        }

        @Override
        public boolean send(String text) {
            lock.lock();
            try {
                if (state == LinkState.CLOSED || state == LinkState.NEW) {
                    return false;
                }
                if (!open) {
                    if (waiting.size() >= INNER_QUEUE) {
                        return false;
                    }
                    waiting.add(text);
                    return true;
                }
            } finally {
                lock.unlock();
            }
            return outer.send(envelope("message", text));
        }

        @Override
        public boolean sendNow(String text) {
            lock.lock();
            try {
                if (!open) {
                    return false;
                }
            } finally {
                lock.unlock();
            }
            return outer.sendNow(envelope("message", text));
        }

        @Override
        public boolean sendBinary(ByteBuffer data) {
            byte[] token = protocol.getBytes(StandardCharsets.US_ASCII);
            ByteBuffer frame = ByteBuffer.allocate(1 + token.length + data.remaining());
            frame.put((byte) token.length).put(token).put(data.duplicate()).flip();
            lock.lock();
            try {
                if (!open) {
                    return false;
                }
            } finally {
                lock.unlock();
            }
            return outer.sendBinary(frame);
        }

        @Override
        public LinkState state() {
            lock.lock();
            try {
                return state;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public java.util.Optional<dev.switchboard.client.link.LinkCredential> freshCredential() {
            return outer.freshCredential();
        }

        @Override
        public void close() {
            boolean wasOpen;
            lock.lock();
            try {
                if (state == LinkState.CLOSED) {
                    return;
                }
                wasOpen = open;
                state = LinkState.CLOSED;
                open = false;
                waiting.clear();
            } finally {
                lock.unlock();
            }
            inners.remove(protocol, this);
            if (wasOpen) {
                outer.sendNow(envelope("close", null));
            }
            listener.closed(new LinkClosed(1000, "closed by the client", wasOpen, false, Duration.ZERO));
        }

        private String envelope(String kind, String data) {
            var frame = Json.createObjectBuilder().add("broker", kind).add("protocol", protocol);
            if (data != null) {
                frame.add("data", data);
            }
            return frame.build().toString();
        }
    }
}
