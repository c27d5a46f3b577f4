package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.Credentials;
import dev.switchboard.client.testing.FaultyProxy;
import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkAuthenticatesOnEveryAttemptTest {

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        Path users = Credentials.addUser(dir.resolve("users"), "carol", "c@rol pw", "ops");
        server = TestServers.start(builder -> builder.environmentEntry(ConfigKeys.AUTH_REQUIRED, "true")
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_JWT_SECRET, Credentials.JWT_SECRET)
                .environmentEntry(ConfigKeys.AUTH_SGC_URLS, "true"));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    private static LinkOptions.Builder options(String url) {
        return LinkOptions.builder(url)
                .subprotocols(TestServers.SGC)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(100));
    }

    private static void opensAndAnswers(LinkOptions options) {
        RecordingListener listener = new RecordingListener();
        try (Link link = Links.open(options, listener)) {
            listener.awaitOpened(1);
            link.send(TestServers.subscribe("auth", "x1"));
            listener.awaitText("an answer", text -> text.contains("\"id\":\"x1\""));
        }
    }

    @Test
    void withoutACredentialTheUpgradeIsRefusedForGood() {
        RecordingListener listener = new RecordingListener();
        try (Link link = Links.open(options(TestServers.ws(server)).build(), listener)) {
            LinkClosed refused = listener.awaitClosed(1);

            assertThat(refused.retrying()).isFalse();
            assertThat(refused.reason()).contains("401");
            Await.until("the link closed", () -> link.state() == LinkState.CLOSED);
            assertThat(listener.sessions).isEmpty();
        }
    }

    @Test
    void ticketLoginOpensAndAWrongPasswordStopsTheLink() {
        opensAndAnswers(options(TestServers.ws(server))
                .auth(LinkAuth.ticket("carol", "c@rol pw"))
                .build());

        RecordingListener listener = new RecordingListener();
        try (Link link = Links.open(
                options(TestServers.ws(server))
                        .auth(LinkAuth.ticket("carol", "wrong"))
                        .build(),
                listener)) {
            LinkClosed refused = listener.awaitClosed(1);
            assertThat(refused.retrying()).isFalse();
            assertThat(refused.reason()).contains("login refused: HTTP 401");
        }
    }

    @Test
    void ticketsAreFetchedAgainForEveryReconnectAndOnRequest() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.to(server.port())) {
            RecordingListener listener = new RecordingListener();
            try (Link link = Links.open(
                    options(TestServers.ws(proxy.port()))
                            .auth(LinkAuth.ticket("carol", "c@rol pw"))
                            .build(),
                    listener)) {
                listener.awaitOpened(1);
                proxy.cutAll();
                // A ticket is single use: the reconnect opens only because the link logged in again.
                assertThat(listener.awaitOpened(2).reconnected()).isTrue();

                LinkCredential fresh = link.freshCredential().orElseThrow();
                assertThat(fresh.param()).isEqualTo("ticket");
                assertThat(fresh.value()).isNotBlank();
            }
        }
    }

    @Test
    void basicCredentialsOpenAndWrongOnesStopTheLink() {
        opensAndAnswers(options(TestServers.ws(server))
                .auth(LinkAuth.basic("carol", "c@rol pw"))
                .build());

        RecordingListener listener = new RecordingListener();
        try (Link link = Links.open(
                options(TestServers.ws(server))
                        .auth(LinkAuth.basic("carol", "nope"))
                        .build(),
                listener)) {
            LinkClosed refused = listener.awaitClosed(1);
            assertThat(refused.retrying()).isFalse();
            assertThat(refused.reason()).contains("HTTP 401");
        }
    }

    @Test
    void aCustomHeaderReachesTheServer() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("carol:c@rol pw".getBytes(StandardCharsets.UTF_8));
        // The server opens only for a request that carries the credential, so opening shows the header arrived.
        opensAndAnswers(
                options(TestServers.ws(server)).header("Authorization", basic).build());
    }

    @Test
    void theBearerSupplierIsAskedAgainOnEveryReconnect() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        try (FaultyProxy proxy = FaultyProxy.to(server.port())) {
            RecordingListener listener = new RecordingListener();
            LinkAuth bearer = LinkAuth.bearer(() -> {
                asked.incrementAndGet();
                return Credentials.token("dave", "user");
            });
            try (Link link = Links.open(
                    options(TestServers.ws(proxy.port())).auth(bearer).build(), listener)) {
                listener.awaitOpened(1);
                assertThat(asked).hasValue(1);
                proxy.cutAll();

                listener.awaitOpened(2);
                assertThat(asked).hasValue(2);
                LinkCredential fresh = link.freshCredential().orElseThrow();
                assertThat(fresh.param()).isEqualTo("token");
                assertThat(asked).hasValue(3);
            }
        }
    }

    @Test
    void theSgcUrlFormsOpenForServersThatAcceptThem() {
        opensAndAnswers(options(TestServers.ws(server))
                .auth(LinkAuth.sgcUrl("carol", "c@rol pw"))
                .build());
        opensAndAnswers(options(TestServers.ws(server))
                .auth(LinkAuth.sgcSession("carol", "c@rol pw"))
                .build());
    }
}
