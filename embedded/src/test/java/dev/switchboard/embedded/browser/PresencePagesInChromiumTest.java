package dev.switchboard.embedded.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two pages in headless Chromium use the presence client of {@code switchboard.js}: they register, join a channel,
 * exchange a channel message, list members, accept an invitation, get an error, leave, and see a closed page leave.
 * The script is {@code src/test/browser/presence-page.mjs}.
 */
class PresencePagesInChromiumTest {

    @RegisterExtension
    static final ChromiumScenario chromium = ChromiumScenario.against();

    @Test
    void twoPagesSeeEachOthersPresenceThroughTheJsClient() throws Exception {
        chromium.run("presence-page.mjs").assertOk("presence pages in chromium");
    }
}
