package dev.switchboard.embedded.browser;

import dev.switchboard.api.RpcMethod;
import dev.switchboard.embedded.SwitchboardServer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two pages written against the sgc JavaScript WAMP v1 API, loading {@code /wamp.esegece.com.js} with a script tag,
 * are welcomed, subscribe through a CURIE, publish to each other (excludeMe and eligible included), call an RPC
 * method and get a call error in headless Chromium; one offers a prefixed token
 * ({@code src/test/browser/wamp-compat-page.mjs}).
 */
class WampSgcJsApiPageInChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** The RPC method the pages call. */
    @ApplicationScoped
    public static class EchoRpc {
        /**
         * Echoes its argument.
         *
         * @param text any text
         * @return the text
         */
        @RpcMethod("com.example.sgc.echo")
        public String echo(String text) {
            return text;
        }
    }

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        NodeScenario.requireTools(true);
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(EchoRpc.class)
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void sgcWampPagesTalkThroughTheCompatibilityScript() throws Exception {
        NodeScenario.run(TIMEOUT, "wamp-compat-page.mjs", NodeScenario.base(server.httpUri()))
                .assertOk("sgc WAMP pages talk through wamp.esegece.com.js, a prefixed token included");
    }
}
