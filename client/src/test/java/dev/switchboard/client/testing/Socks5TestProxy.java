package dev.switchboard.client.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small SOCKS5 proxy for tests (RFC 1928, CONNECT only) that with credentials demands user name/password
 * authentication (RFC 1929) and refuses every other method.
 */
public final class Socks5TestProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String user;
    private final String password;
    private final List<String> connects = new CopyOnWriteArrayList<>();
    private final List<String> logins = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private Socks5TestProxy(String user, String password) throws IOException {
        this.user = user;
        this.password = password;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("socks5-accept").start(this::acceptLoop);
    }

    /** A proxy that demands these credentials. */
    public static Socks5TestProxy withCredentials(String user, String password) throws IOException {
        return new Socks5TestProxy(user, password);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The {@code host:port} of every connection made for a client. */
    public List<String> connects() {
        return connects;
    }

    /** Every user name/password pair offered, as {@code user:password:accepted}. */
    public List<String> logins() {
        return logins;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Thread.ofVirtual().name("socks5").start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            if (in.readUnsignedByte() != 5) {
                throw new IOException("not SOCKS5");
            }
            byte[] methods = in.readNBytes(in.readUnsignedByte());
            boolean offersPassword = false;
            for (byte method : methods) {
                offersPassword |= method == 2;
            }
            if (!offersPassword) {
                out.write(new byte[] {5, (byte) 0xFF});
                throw new IOException("no acceptable method");
            }
            out.write(new byte[] {5, 2});
            if (in.readUnsignedByte() != 1) {
                throw new IOException("not RFC 1929");
            }
            String offeredUser = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
            String offeredPassword = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
            boolean accepted = user.equals(offeredUser) && password.equals(offeredPassword);
            logins.add(offeredUser + ":" + offeredPassword + ":" + accepted);
            out.write(new byte[] {1, (byte) (accepted ? 0 : 1)});
            if (!accepted) {
                throw new IOException("wrong credentials");
            }
            if (in.readUnsignedByte() != 5 || in.readUnsignedByte() != 1) {
                throw new IOException("only CONNECT");
            }
            in.readUnsignedByte();
            String host = switch (in.readUnsignedByte()) {
                case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
                case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
                case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
                default -> throw new IOException("unknown address type");
            };
            int port = in.readUnsignedShort();
            Socket target = new Socket(host, port);
            connects.add(host + ":" + port);
            out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
            out.flush();
            Pipes.both(client, target);
        } catch (IOException | RuntimeException e) {
            FaultyProxy.closeQuietly(client);
        }
    }
}
