package dev.switchboard.client.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server for tests that requires a client certificate (the embedded server cannot): it records the subject
 * of each client certificate it accepts, or the failure of a handshake without one, then answers every request
 * {@code 403} and closes.
 */
public final class ClientCertificateServer implements AutoCloseable {

    private final SSLServerSocket listener;
    private final List<String> subjects = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public ClientCertificateServer(SSLContext context) throws IOException {
        listener = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setNeedClientAuth(true);
        Thread.ofVirtual().name("client-cert-accept").start(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The subject of every client certificate accepted. */
    public List<String> subjects() {
        return subjects;
    }

    /** Every handshake that failed, as its exception's class name. */
    public List<String> failures() {
        return failures;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SSLSocket socket = (SSLSocket) listener.accept();
                Thread.ofVirtual().name("client-cert").start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SSLSocket socket) {
        try (socket) {
            socket.startHandshake();
            subjects.add(socket.getSession().getPeerPrincipal().getName());
            FaultyProxy.readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            failures.add(e.getClass().getSimpleName());
        }
    }
}
