package dev.switchboard.client;

import dev.switchboard.client.link.LinkOptions;
import java.time.Duration;
import java.util.function.Consumer;

/** Builds clients for tests: a fast reconnect, so tests that cut connections do not wait for long backoffs. */
final class Clients {

    private Clients() {}

    /** Link options for the servers at {@code urls}, offering the sgc subprotocol, with a fast backoff. */
    static LinkOptions.Builder options(String... urls) {
        return LinkOptions.builder(urls)
                .subprotocols(SwitchboardClient.SUBPROTOCOL)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(400))
                .connectTimeout(Duration.ofSeconds(5));
    }

    /** A connected client with a listener. */
    static SwitchboardClient connected(SwitchboardListener listener, String... urls) throws Exception {
        return connected(listener, builder -> {}, urls);
    }

    /** A connected client with a listener, configured further. */
    static SwitchboardClient connected(
            SwitchboardListener listener, Consumer<SwitchboardClient.Builder> settings, String... urls)
            throws Exception {
        SwitchboardClient.Builder builder =
                SwitchboardClient.builder().linkOptions(options(urls).build()).listener(listener);
        settings.accept(builder);
        SwitchboardClient client = builder.build();
        client.connect().get(20, java.util.concurrent.TimeUnit.SECONDS);
        return client;
    }
}
