package dev.switchboard.client.link.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The URLs one server of the list answers on, as the browser client computes them: the WebSocket URL as given,
 * and an HTTP base (the URL's directory) for the SSE stream, its POSTs and the logins.
 */
record Endpoints(URI ws, URI base) {

    /** The sgc subprotocol token, which is also the SSE stream's path. */
    static final String SGC = "esegece.com";

    static Endpoints of(URI ws) {
        String path = ws.getRawPath();
        String directory = path.substring(0, path.lastIndexOf('/') + 1);
        String http = "wss".equals(ws.getScheme()) ? "https" : "http";
        return new Endpoints(ws, URI.create(http + "://" + ws.getRawAuthority() + directory));
    }

    /** What follows the directory in the WebSocket URL's path (a subprotocol name, say), or "". */
    String rest() {
        String path = ws.getRawPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    URI login() {
        return base.resolve("auth/login");
    }

    URI sgcSessionLogin(String user, String password) {
        return base.resolve("sgc/req/auth/session/" + segment(user) + "/" + segment(password));
    }

    URI sse() {
        return base.resolve(SGC);
    }

    URI post(String connectionId) {
        return base.resolve("sgc/xhr/" + segment(connectionId));
    }

    /** The WebSocket URL with its path moved under a credential prefix ({@code sgc/auth/url/U/P/}). */
    URI wsUnder(String prefix) {
        URI under = base.resolve(prefix + rest());
        String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + under.getRawAuthority() + under.getRawPath()
                + (ws.getRawQuery() == null ? "" : "?" + ws.getRawQuery()));
    }

    /** The SSE URL with its path moved under a credential prefix. */
    URI sseUnder(String prefix) {
        return base.resolve(prefix + SGC);
    }

    static URI withQuery(URI uri, String name, String value) {
        String query = uri.getRawQuery();
        StringBuilder kept = new StringBuilder();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (!pair.isEmpty() && !pair.equals(name) && !pair.startsWith(name + "=")) {
                    kept.append(kept.isEmpty() ? "" : "&").append(pair);
                }
            }
        }
        kept.append(kept.isEmpty() ? "" : "&").append(name).append('=').append(encode(value));
        String text = uri.toString();
        int cut = text.indexOf('?');
        return URI.create((cut < 0 ? text : text.substring(0, cut)) + "?" + kept);
    }

    static String segment(String value) {
        return encode(value).replace("+", "%20");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
