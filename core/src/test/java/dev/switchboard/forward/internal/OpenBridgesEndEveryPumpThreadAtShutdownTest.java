package dev.switchboard.forward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bridges' pump threads end when the application stops: the client session here is a plain recording of what
 * the bridge sends it, the upstream a real TCP server that keeps its connections open.
 */
class OpenBridgesEndEveryPumpThreadAtShutdownTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private ServerSocket upstream;
    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();

    /** A client session that records binary messages and close reasons. */
    private static final class RecordingSession {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CountDownLatch firstMessage = new CountDownLatch(1);
        final BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
        volatile boolean open = true;

        Session session() {
            RemoteEndpoint.Basic remote = (RemoteEndpoint.Basic) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Basic.class}, (proxy, method, args) -> {
                        if (method.getName().equals("sendBinary")) {
                            ByteBuffer data = (ByteBuffer) args[0];
                            byte[] bytes = new byte[data.remaining()];
                            data.get(bytes);
                            synchronized (received) {
                                received.writeBytes(bytes);
                            }
                            firstMessage.countDown();
                        }
                        return null;
                    });
            return (Session) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Session.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "getBasicRemote":
                                return remote;
                            case "isOpen":
                                return open;
                            case "close":
                                open = false;
                                closes.add(
                                        ((CloseReason) args[0]).getCloseCode().getCode());
                                return null;
                            default:
                                return null;
                        }
                    });
        }
    }

    @BeforeEach
    void start() throws Exception {
        upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!upstream.isClosed()) {
                try {
                    accepted.add(upstream.accept());
                } catch (Exception e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        upstream.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    private Socket connect() throws Exception {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstream.getLocalPort()));
        return socket;
    }

    @Test
    void closingAllEndsEachBridgeItsSocketAndItsThreadAndTellsTheClient() throws Exception {
        OpenBridges bridges = new OpenBridges();
        AtomicInteger ended = new AtomicInteger();
        RecordingSession client = new RecordingSession();
        Socket socket = connect();
        TcpBridge bridge = new TcpBridge(socket, "line", ended::incrementAndGet, bridges);
        bridge.onOpen(client.session(), null);
        Socket server = accepted.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(server).isNotNull();
        server.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(client.firstMessage.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .as("the pump relays what the upstream sends")
                .isTrue();
        assertThat(bridges.size()).isEqualTo(1);

        assertThat(bridges.closeAll(DEADLINE)).as("every pump thread ended").isTrue();

        assertThat(bridges.size()).isZero();
        assertThat(socket.isClosed()).isTrue();
        assertThat(ended).hasValue(1);
        assertThat(client.closes.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
        try (InputStream in = server.getInputStream()) {
            assertThat(in.read()).as("the upstream sees the connection end").isEqualTo(-1);
        }
    }

    @Test
    void aBridgeOpeningAfterShutdownIsEndedAtOnce() throws Exception {
        OpenBridges bridges = new OpenBridges();
        bridges.closeAll(DEADLINE);
        AtomicInteger ended = new AtomicInteger();
        RecordingSession client = new RecordingSession();
        Socket socket = connect();

        new TcpBridge(socket, "line", ended::incrementAndGet, bridges).onOpen(client.session(), null);

        assertThat(socket.isClosed()).isTrue();
        assertThat(ended).hasValue(1);
        assertThat(bridges.size()).isZero();
        assertThat(client.closes.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
    }

    @Test
    void aBridgeWhoseClientClosesLeavesTheOpenBridges() throws Exception {
        OpenBridges bridges = new OpenBridges();
        RecordingSession client = new RecordingSession();
        TcpBridge bridge = new TcpBridge(connect(), "line", () -> {}, bridges);
        Session session = client.session();
        bridge.onOpen(session, null);
        Socket server = accepted.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(server).isNotNull();

        bridge.onClose(session, new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));

        assertThat(bridges.size()).isZero();
        assertThat(bridge.awaitPump(DEADLINE)).isTrue();
        try (OutputStream ignored = server.getOutputStream();
                InputStream in = server.getInputStream()) {
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}
