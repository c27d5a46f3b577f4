package dev.switchboard.embedded;

import dev.switchboard.protocol.mqtt.MqttProtocol;
import dev.switchboard.tcp.TcpSocket;
import dev.switchboard.tcp.TcpSocketListener;
import dev.switchboard.tcp.TcpTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The plain TCP listener for MQTT ({@code switchboard.mqtt.tcp-port}): a Jetty connector whose connections hand
 * their bytes to core's {@link TcpTransport}, which applies the firewall and admission and feeds them to the MQTT
 * protocol bean, as a WebSocket frame's payload would be. Jetty's selectors and thread pool do the I/O; nothing here
 * starts a thread.
 *
 * <p>No idle timeout: MQTT's keep-alive (capped by {@code switchboard.mqtt.max-keep-alive}, and applied to a client
 * that never sends CONNECT) closes quiet clients, and TCP keep-alive is switched on for peers that vanished. No TLS:
 * a TLS terminator in front of the port, or {@code wss://}, provides it.
 */
final class MqttTcpListener {

    /** Bytes read from a socket at a time; a packet may span reads, the MQTT decoder reassembles it. */
    static final int READ_SIZE = 8192;

    /** How long a close waits for the write in progress (a refusal packet) before the socket is closed anyway. */
    static final long CLOSE_GRACE_MILLIS = 2000;

    private MqttTcpListener() {}

    /**
     * The connector, not yet started; the server starts and stops it with its other connectors.
     *
     * @param server the server
     * @param weld   the CDI container where core's {@link TcpTransport} lives
     * @param host   the address to bind
     * @param port   the port; 0 picks a free one
     * @return the connector
     */
    static ServerConnector connector(Server server, WeldLifeCycle weld, String host, int port) {
        ServerConnector connector = new ServerConnector(server, new Factory(weld)) {
            @Override
            protected void configure(Socket socket) {
                super.configure(socket);
                try {
                    // A device that vanished without a FIN is found by the OS, also when its MQTT keep-alive is 0.
                    socket.setKeepAlive(true);
                } catch (SocketException e) {
                    // The socket is closing already.
                }
            }
        };
        connector.setName("mqtt-tcp");
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(0);
        return connector;
    }

    /** Creates one {@link MqttTcpConnection} per accepted socket. */
    private static final class Factory extends AbstractConnectionFactory {

        private final WeldLifeCycle weld;

        Factory(WeldLifeCycle weld) {
            super(MqttProtocol.NAME);
            this.weld = weld;
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            return configure(
                    new MqttTcpConnection(endPoint, connector.getExecutor(), connector.getScheduler(), weld),
                    connector,
                    endPoint);
        }
    }

    /**
     * One accepted socket: reads what arrives and hands it on, writes what Switchboard sends, one write at a time,
     * and closes after the write in progress.
     */
    static final class MqttTcpConnection extends AbstractConnection {

        private static final System.Logger LOG = System.getLogger(MqttTcpConnection.class.getName());

        private final Scheduler scheduler;
        private final WeldLifeCycle weld;
        private final AtomicBoolean socketClosed = new AtomicBoolean();
        private final AtomicBoolean closing = new AtomicBoolean();
        private volatile TcpSocketListener listener;
        private volatile boolean writing;
        private ByteBuffer input;
        // Not the connection itself: AbstractConnection has a close() of its own, with Jetty's meaning.
        private final TcpSocket socket = new SocketView();

        MqttTcpConnection(EndPoint endPoint, Executor executor, Scheduler scheduler, WeldLifeCycle weld) {
            super(endPoint, executor);
            this.scheduler = scheduler;
            this.weld = weld;
        }

        @Override
        public void onOpen() {
            super.onOpen();
            // Admission runs the firewall, the hub's registration, the handler's onOpen and the application's
            // ConnectEvent observers: on the pool, never on the selector thread that serves every other socket.
            dispatch(this::admit);
        }

        private void admit() {
            Optional<TcpSocketListener> accepted;
            try {
                accepted = weld.select(TcpTransport.class).accept(socket, MqttProtocol.NAME, "MQTT TCP connection");
            } catch (RuntimeException e) {
                // CDI is stopping (or never started): nothing can serve the socket.
                LOG.log(System.Logger.Level.WARNING, "Could not admit an MQTT TCP connection", e);
                getEndPoint().close(e);
                return;
            }
            if (accepted.isEmpty()) {
                return;
            }
            listener = accepted.get();
            // Closed while being admitted (the handler closed it in onOpen): onClose found no listener to tell.
            if (socketClosed.get()) {
                listener.ended();
                return;
            }
            fillInterested();
        }

        /** Runs a task on Jetty's pool; inline when the pool is stopping and takes no more. */
        private void dispatch(Runnable task) {
            try {
                getExecutor().execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        }

        @Override
        public void onFillable() {
            TcpSocketListener reader = listener;
            if (reader == null) {
                return;
            }
            if (input == null) {
                input = BufferUtil.allocate(READ_SIZE);
            }
            try {
                while (!closing.get()) {
                    BufferUtil.clear(input);
                    int read = getEndPoint().fill(input);
                    if (read > 0) {
                        // The listener owns what it gets: a copy, so this buffer can take the next read.
                        ByteBuffer bytes = ByteBuffer.allocate(read);
                        bytes.put(input).flip();
                        reader.received(bytes);
                    } else if (read == 0) {
                        fillInterested();
                        return;
                    } else {
                        // The peer ended the stream; onClose reports it.
                        getEndPoint().close();
                        return;
                    }
                }
            } catch (IOException e) {
                getEndPoint().close(e);
            }
        }

        @Override
        public void onClose(Throwable cause) {
            super.onClose(cause);
            socketClosed.set(true);
            TcpSocketListener reader = listener;
            if (reader != null) {
                // The hub and the handler hear of the end (and fire DisconnectEvent) on the pool, as for onOpen.
                dispatch(reader::ended);
            }
        }

        private void writeFinished() {
            writing = false;
            if (closing.get()) {
                closeNow();
            }
        }

        private void closeNow() {
            if (getEndPoint().isOpen()) {
                getEndPoint().close();
            }
        }

        /** The socket as core's transport sees it. */
        private final class SocketView implements TcpSocket {

            @Override
            public InetSocketAddress remoteAddress() {
                return getEndPoint().getRemoteAddress();
            }

            @Override
            public InetSocketAddress localAddress() {
                return getEndPoint().getLocalAddress();
            }

            @Override
            public void write(ByteBuffer bytes, Runnable done, Consumer<Throwable> failed) {
                writing = true;
                try {
                    getEndPoint()
                            .write(
                                    Callback.from(
                                            () -> {
                                                writeFinished();
                                                done.run();
                                            },
                                            error -> {
                                                writeFinished();
                                                failed.accept(error);
                                            }),
                                    bytes);
                } catch (RuntimeException e) {
                    writeFinished();
                    failed.accept(e);
                }
            }

            @Override
            public void close() {
                if (!closing.compareAndSet(false, true)) {
                    return;
                }
                if (!writing) {
                    closeNow();
                    return;
                }
                // The write completes or fails and closes then; a reader that stopped reading is not waited for long.
                try {
                    scheduler.schedule(MqttTcpConnection.this::closeNow, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (RuntimeException e) {
                    closeNow();
                }
            }
        }
    }
}
