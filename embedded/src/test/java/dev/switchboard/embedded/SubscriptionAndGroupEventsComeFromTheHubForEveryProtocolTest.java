package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Gateway;
import dev.switchboard.api.event.GroupJoinedEvent;
import dev.switchboard.api.event.GroupLeftEvent;
import dev.switchboard.api.event.SubscribeDecision;
import dev.switchboard.api.event.SubscribeEvent;
import dev.switchboard.api.event.SubscribedEvent;
import dev.switchboard.api.event.UnsubscribedEvent;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.sse.SseClient;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.spi.SubscribeHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subscribing, unsubscribing, joining and leaving are CDI events the hub fires for every protocol (sgc, STOMP, WAMP,
 * SSE and the application's Gateway calls), with the channel in its canonical form, after the change took effect; a
 * closing connection's subscriptions and groups end with events before its DisconnectEvent; an observer that throws
 * does not break the subscribing client; and a subscribe handler's veto reaches each client in its protocol's way
 * and fires no event.
 */
class SubscriptionAndGroupEventsComeFromTheHubForEveryProtocolTest {

    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    static SwitchboardServer server;
    static HttpClient http;

    /** Records each event with whether the change was already in place when the observer ran. */
    @ApplicationScoped
    public static class Recorder {
        @Inject
        Gateway gateway;

        void subscribed(@Observes SubscribedEvent event) {
            boolean inPlace = gateway.subscriptions(event.connection()).contains(event.channel());
            EVENTS.add("sub " + protocol(event.connection()) + " " + event.channel() + " " + inPlace);
        }

        void unsubscribed(@Observes UnsubscribedEvent event) {
            boolean gone = !gateway.subscriptions(event.connection()).contains(event.channel());
            EVENTS.add("unsub " + protocol(event.connection()) + " " + event.channel() + " " + gone
                    + (event.connectionClosed() ? " closed" : ""));
        }

        void joined(@Observes GroupJoinedEvent event) {
            EVENTS.add("join " + event.group() + " "
                    + gateway.groups(event.connection()).contains(event.group()));
        }

        void left(@Observes GroupLeftEvent event) {
            EVENTS.add("leave " + event.group() + (event.connectionClosed() ? " closed" : ""));
        }

        void disconnected(@Observes dev.switchboard.api.event.DisconnectEvent event) {
            EVENTS.add("disconnect " + protocol(event.connection()));
        }

        private static String protocol(dev.switchboard.api.Connection connection) {
            return connection.subprotocol().orElse(connection.transport().name().toLowerCase());
        }
    }

    /** An observer that fails on one channel: the subscription must stand and the client must be answered. */
    @ApplicationScoped
    public static class FailingObserver {
        void subscribed(@Observes SubscribedEvent event) {
            if (event.channel().equals("boom")) {
                throw new IllegalStateException("observer failure on purpose");
            }
        }
    }

    /** The veto point: {@code vetoed} is refused to every client. */
    @ApplicationScoped
    public static class Veto implements SubscribeHandler {
        @Override
        public SubscribeDecision onSubscribe(SubscribeEvent event) {
            return event.channel().equals("vetoed")
                    ? SubscribeDecision.deny(-32003, "vetoed by the application")
                    : SubscribeDecision.allow();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        // A closed event stream is noticed at the next write: a heartbeat every second makes that soon.
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.SSE_HEARTBEAT_INTERVAL, "1")
                .beanClasses(HubCommandProtocol.class, Recorder.class, FailingObserver.class, Veto.class)
                .build();
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.shutdownNow();
        server.stop();
    }

    @BeforeEach
    void clear() {
        EVENTS.clear();
    }

    private static String sgc(String method, String channel, String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":{\"channel\":\"" + channel
                + "\"},\"id\":\"" + id + "\"}";
    }

    @Test
    void sgcSubscriptionsFireEventsWithTheCanonicalChannelAndEndWithTheConnection() throws Exception {
        try (TestClient.Recorder sgc = TestClient.connect(http, TestClient.ws(server), "esegece.com")) {
            // "cafe" + combining acute: the hub's canonical (NFC) name is "café".
            sgc.send(sgc("sgc@subscribe", "cafe\\u0301", "s1"));
            assertThat(sgc.nextContaining("\"s1\"")).doesNotContain("\"error\"");
            Await.until("subscribed event", () -> EVENTS.contains("sub esegece.com café true"));

            sgc.send(sgc("sgc@subscribe", "news", "s2"));
            sgc.nextContaining("\"s2\"");
            sgc.send(sgc("sgc@unsubscribe", "news", "u2"));
            sgc.nextContaining("\"u2\"");
            Await.until("unsubscribed event", () -> EVENTS.contains("unsub esegece.com news true"));

            sgc.socket.sendClose(1000, "done").join();
            sgc.closeCode();
            // Another test's connection may still be closing: its disconnect does not count, only one after ours.
            awaitInOrder("unsub esegece.com café true closed", "disconnect esegece.com");
            assertThat(EVENTS).doesNotContain("unsub esegece.com news true closed");
        }
    }

    /** Waits until {@code first} was recorded and {@code then} after it. */
    private static void awaitInOrder(String first, String then) {
        Await.until(first + ", then " + then, () -> {
            int at = EVENTS.indexOf(first);
            return at >= 0 && EVENTS.subList(at + 1, EVENTS.size()).contains(then);
        });
    }

    @Test
    void stompWampAndSseSubscriptionsFireTheSameEventsAsSgc() throws Exception {
        try (TestClient.Recorder stomp = TestClient.connect(http, TestClient.ws(server), "v12.stomp")) {
            assertThat(stomp.ask("CONNECT\naccept-version:1.2\nhost:/\n\n\0")).startsWith("CONNECTED\n");
            assertThat(stomp.ask("SUBSCRIBE\nid:s\ndestination:/topic/prices\nreceipt:r\n\n\0"))
                    .startsWith("RECEIPT\n");
            Await.until("STOMP subscribed", () -> EVENTS.contains("sub v12.stomp prices true"));
            assertThat(stomp.ask("UNSUBSCRIBE\nid:s\nreceipt:r2\n\n\0")).startsWith("RECEIPT\n");
            Await.until("STOMP unsubscribed", () -> EVENTS.contains("unsub v12.stomp prices true"));
        }
        try (TestClient.Recorder wamp = TestClient.connect(http, TestClient.ws(server), "wamp.2.json")) {
            assertThat(wamp.ask("[1,\"realm1\",{\"roles\":{\"subscriber\":{}}}]"))
                    .startsWith("[2,");
            String subscribed = wamp.ask("[32,1,{},\"prices\"]");
            assertThat(subscribed).startsWith("[33,1,");
            Await.until("WAMP subscribed", () -> EVENTS.contains("sub wamp.2.json prices true"));
            String subscription = subscribed.substring("[33,1,".length(), subscribed.length() - 1);
            assertThat(wamp.ask("[34,2," + subscription + "]")).isEqualTo("[35,2]");
            Await.until("WAMP unsubscribed", () -> EVENTS.contains("unsub wamp.2.json prices true"));
        }
        try (SseClient stream =
                SseClient.open(http, URI.create("http://127.0.0.1:" + server.port() + "/sse/prices"), Map.of())) {
            stream.next("connection");
            Await.until("SSE subscribed", () -> EVENTS.contains("sub sse prices true"));
        }
        Await.until("SSE stream's subscription ends with it", () -> EVENTS.contains("unsub sse prices true closed"));
    }

    @Test
    void gatewaySubscriptionsAndGroupsFireEventsAndGroupsEndWithTheConnection() throws Exception {
        try (TestClient.Recorder hub = TestClient.connect(http, TestClient.ws(server), HubCommandProtocol.NAME)) {
            assertThat(hub.ask("sub alpha,beta")).isEqualTo("ok [alpha, beta]");
            assertThat(hub.ask("join lobby")).isEqualTo("ok [lobby]");
            assertThat(hub.ask("join lobby")).isEqualTo("ok [lobby]");
            Await.until(
                    "gateway events",
                    () -> EVENTS.containsAll(List.of(
                            "sub " + HubCommandProtocol.NAME + " alpha true",
                            "sub " + HubCommandProtocol.NAME + " beta true",
                            "join lobby true")));
            // Joining a group one is in already changes nothing and fires nothing.
            assertThat(EVENTS.stream().filter(e -> e.startsWith("join")).count())
                    .isEqualTo(1);

            hub.socket.sendClose(1000, "done").join();
            hub.closeCode();
            awaitInOrder("leave lobby closed", "disconnect " + HubCommandProtocol.NAME);
            awaitInOrder(
                    "unsub " + HubCommandProtocol.NAME + " alpha true closed", "disconnect " + HubCommandProtocol.NAME);
            awaitInOrder(
                    "unsub " + HubCommandProtocol.NAME + " beta true closed", "disconnect " + HubCommandProtocol.NAME);
        }
    }

    @Test
    void aThrowingObserverLeavesTheSubscriptionStandingAndTheClientAnswered() throws Exception {
        try (TestClient.Recorder sgc = TestClient.connect(http, TestClient.ws(server), "esegece.com");
                TestClient.Recorder publisher = TestClient.connect(http, TestClient.ws(server), "esegece.com")) {
            // CDI stops notifying at a throwing observer, so whether the recorder saw it depends on their order;
            // what must hold is the client's side: answered, subscribed, and still connected.
            sgc.send(sgc("sgc@subscribe", "boom", "b"));
            assertThat(sgc.nextContaining("sgc@subscribe"))
                    .contains("\"id\":\"b\"")
                    .doesNotContain("\"error\"");

            publisher.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\","
                    + "\"params\":{\"channel\":\"boom\",\"message\":\"still here\"}}");
            assertThat(sgc.nextContaining("sgc@event")).contains("still here");
            assertThat(sgc.isOpen()).isTrue();
        }
    }

    @Test
    void aVetoIsReportedInEachProtocolsWayAndFiresNoEvent() throws Exception {
        try (TestClient.Recorder sgc = TestClient.connect(http, TestClient.ws(server), "esegece.com");
                TestClient.Recorder stomp = TestClient.connect(http, TestClient.ws(server), "v12.stomp")) {
            sgc.send(sgc("sgc@subscribe", "vetoed", "v"));
            assertThat(sgc.nextContaining("\"error\""))
                    .contains("\"id\":\"v\"")
                    .contains("-32003")
                    .contains("vetoed by the application");

            assertThat(stomp.ask("CONNECT\naccept-version:1.2\nhost:/\n\n\0")).startsWith("CONNECTED\n");
            assertThat(stomp.ask("SUBSCRIBE\nid:s\ndestination:/topic/vetoed\nreceipt:r\n\n\0"))
                    .startsWith("ERROR\n")
                    .contains("vetoed by the application");

            // Both refusals were answered; a later subscription's event proves the observers had their turn.
            sgc.send(sgc("sgc@subscribe", "allowed", "a"));
            sgc.nextContaining("sgc@subscribe");
            Await.until("allowed subscription seen", () -> EVENTS.contains("sub esegece.com allowed true"));
            assertThat(EVENTS).noneMatch(e -> e.contains("vetoed"));
        }
        java.net.http.HttpResponse<String> refused = http.send(
                java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/sse/vetoed"))
                        .header("Accept", "text/event-stream")
                        .timeout(TestClient.DEADLINE)
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("vetoed by the application");
        assertThat(EVENTS).noneMatch(e -> e.contains("vetoed"));
    }
}
