package dev.switchboard.client.testing;

import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.SwitchboardServerBuilder;
import java.net.URI;
import java.util.function.Consumer;

/** Starts embedded servers on 127.0.0.1 and an ephemeral port, and names their URLs. */
public final class TestServers {

    /** The sgc subprotocol. */
    public static final String SGC = "esegece.com";

    private TestServers() {}

    /** A started server with the defaults. */
    public static SwitchboardServer start() throws Exception {
        return start(builder -> {});
    }

    /** A started server, configured further by {@code options} (environment entries, TLS, beans). */
    public static SwitchboardServer start(Consumer<SwitchboardServerBuilder> options) throws Exception {
        SwitchboardServerBuilder builder =
                SwitchboardServer.builder().host("127.0.0.1").port(0);
        options.accept(builder);
        SwitchboardServer server = builder.build();
        server.start();
        return server;
    }

    /** Stops a server, if there is one. */
    public static void stop(SwitchboardServer server) throws Exception {
        if (server != null && server.isRunning()) {
            server.stop();
        }
    }

    /** {@code ws://127.0.0.1:<port>/}. */
    public static String ws(SwitchboardServer server) {
        return ws(server.port());
    }

    /** {@code ws://127.0.0.1:<port>/}. */
    public static String ws(int port) {
        return "ws://127.0.0.1:" + port + "/";
    }

    /** An HTTP URL of the server. */
    public static URI http(SwitchboardServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** An sgc subscribe request. */
    public static String subscribe(String channel, String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + channel
                + "\"},\"id\":\"" + id + "\"}";
    }

    /** An sgc publish request without an id. */
    public static String publish(String channel, String message) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                + "\",\"message\":\"" + message + "\"}}";
    }
}
