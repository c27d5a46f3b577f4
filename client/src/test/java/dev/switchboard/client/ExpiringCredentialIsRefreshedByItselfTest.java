package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.link.LinkAuth;
import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExpiringCredentialIsRefreshedByItselfTest {

    @Test
    void theClientAsksTheLinksTokenSupplierAgainAndStaysConnectedPastTheFirstExpiry() throws Exception {
        SwitchboardServer server = TestServers.start(builder -> builder.beanClasses(ServerBeans.all())
                .environmentEntry(ConfigKeys.AUTH_REQUIRED, "true")
                .environmentEntry(ConfigKeys.AUTH_JWT_SECRET, Tokens.SECRET)
                .environmentEntry(ConfigKeys.AUTH_REFRESH_WARNING, "3"));
        Instant shortExpiry = Instant.now().plusSeconds(5);
        AtomicInteger asked = new AtomicInteger();
        Recorder received = new Recorder();
        try (SwitchboardClient client = SwitchboardClient.builder()
                .linkOptions(Clients.options(TestServers.ws(server))
                        .auth(LinkAuth.bearer(() -> asked.incrementAndGet() == 1
                                ? Tokens.token("erin", shortExpiry)
                                : Tokens.token("erin", Instant.now().plusSeconds(600))))
                        .build())
                .listener(received)
                .build()) {
            client.connect().get(10, TimeUnit.SECONDS);
            String session = client.session();
            assertThat(client.rpc("me", null, String.class).get(10, TimeUnit.SECONDS))
                    .isEqualTo("erin");

            ClientEvent.Expiring expiring =
                    received.await(ClientEvent.Expiring.class, e -> true, 1).get(0);
            assertThat(expiring.expiresAt()).isEqualTo(Instant.ofEpochSecond(shortExpiry.getEpochSecond()));
            ClientEvent.Refreshed refreshed =
                    received.await(ClientEvent.Refreshed.class, r -> true, 1).get(0);
            assertThat(refreshed.user()).isEqualTo("erin");
            assertThat(refreshed.expiresAt()).isAfter(shortExpiry.plusSeconds(500));
            assertThat(asked).hasValue(2);

            Await.until(
                    "the first token's expiry to pass",
                    Duration.ofSeconds(15),
                    () -> Instant.now().isAfter(shortExpiry.plusSeconds(1)));
            assertThat(client.rpc("me", null, String.class).get(10, TimeUnit.SECONDS))
                    .isEqualTo("erin");
            assertThat(client.session()).as("the same connection").isEqualTo(session);
            assertThat(received.of(ClientEvent.Closed.class)).isEmpty();
        } finally {
            TestServers.stop(server);
        }
    }
}
