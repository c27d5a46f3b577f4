package dev.switchboard.embedded.browser;

import dev.switchboard.api.RpcMethod;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two pages written against the sgc JavaScript WAMP v1 API, loading {@code /wamp.esegece.com.js} with a script tag,
 * are welcomed, subscribe through a CURIE, publish to each other (excludeMe and eligible included), call an RPC
 * method and get a call error in headless Chromium; one offers a prefixed token
 * ({@code src/test/browser/wamp-compat-page.mjs}).
 */
class WampSgcJsApiPageInChromiumTest {

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

    @RegisterExtension
    static final ChromiumScenario chromium = ChromiumScenario.against(builder -> builder.beanClasses(EchoRpc.class));

    @Test
    void sgcWampPagesTalkThroughTheCompatibilityScript() throws Exception {
        chromium.run("wamp-compat-page.mjs")
                .assertOk("sgc WAMP pages talk through wamp.esegece.com.js, a prefixed token included");
    }
}
