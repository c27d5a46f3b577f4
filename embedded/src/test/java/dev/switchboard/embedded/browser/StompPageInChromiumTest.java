package dev.switchboard.embedded.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A page in headless Chromium using the {@code @stomp/stompjs} browser bundle talks to an sgc client over one
 * channel: what the sgc client publishes reaches the page's {@code /topic} subscription, and what the page sends
 * reaches the sgc client. The script is {@code src/test/browser/stomp-page.mjs}.
 */
class StompPageInChromiumTest {

    @RegisterExtension
    static final ChromiumScenario chromium = ChromiumScenario.against();

    @Test
    void aStompJsPageAndAnSgcClientExchangeMessagesOnOneChannel() throws Exception {
        chromium.run("stomp-page.mjs").assertOk("stompjs page in chromium");
    }
}
