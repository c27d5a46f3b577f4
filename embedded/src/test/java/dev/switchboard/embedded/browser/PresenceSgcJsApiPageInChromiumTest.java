package dev.switchboard.embedded.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two pages written against the sgc JavaScript Presence API, loading {@code /presence.esegece.com.js} with a script
 * tag, register, join a channel, talk and list members in headless Chromium; one offers a prefixed token
 * ({@code src/test/browser/presence-compat-page.mjs}).
 */
class PresenceSgcJsApiPageInChromiumTest {

    @RegisterExtension
    static final ChromiumScenario chromium = ChromiumScenario.against();

    @Test
    void sgcPresencePagesTalkThroughTheCompatibilityScript() throws Exception {
        chromium.run("presence-compat-page.mjs").assertOk("sgc presence pages talk through presence.esegece.com.js");
    }
}
