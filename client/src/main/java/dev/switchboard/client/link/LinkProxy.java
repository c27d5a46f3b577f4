package dev.switchboard.client.link;

import java.util.Objects;

/**
 * A proxy every transport of a {@link Link} goes through (the WebSocket, the SSE stream and its POSTs, logins).
 *
 * @param type an HTTP proxy (tunnels with {@code CONNECT}) or a SOCKS5 proxy (RFC 1928)
 * @param host the proxy's host
 * @param port the proxy's port
 * @param user the user name for the proxy, or {@code null} for none: sent as {@code Proxy-Authorization: Basic} on
 *     the {@code CONNECT} request, or as SOCKS5 user name/password authentication (RFC 1929)
 * @param password the password for {@code user}
 */
public record LinkProxy(Type type, String host, int port, String user, String password) {

    /** The kinds of proxy. */
    public enum Type {
        /** An HTTP proxy: {@code CONNECT host:port} opens a tunnel. */
        HTTP,
        /** A SOCKS5 proxy. */
        SOCKS5
    }

    /** Checks the parts. */
    public LinkProxy {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port out of range: " + port);
        }
        if (user != null && password == null) {
            throw new IllegalArgumentException("a proxy user needs a password");
        }
    }

    /** An HTTP proxy without credentials. */
    public static LinkProxy http(String host, int port) {
        return new LinkProxy(Type.HTTP, host, port, null, null);
    }

    /** An HTTP proxy with Basic credentials. */
    public static LinkProxy http(String host, int port, String user, String password) {
        return new LinkProxy(Type.HTTP, host, port, user, password);
    }

    /** A SOCKS5 proxy without authentication. */
    public static LinkProxy socks5(String host, int port) {
        return new LinkProxy(Type.SOCKS5, host, port, null, null);
    }

    /** A SOCKS5 proxy with user name/password authentication. */
    public static LinkProxy socks5(String host, int port, String user, String password) {
        return new LinkProxy(Type.SOCKS5, host, port, user, password);
    }

    @Override
    public String toString() {
        return "LinkProxy[" + type + " " + host + ":" + port + (user == null ? "" : " user=" + user) + "]";
    }
}
