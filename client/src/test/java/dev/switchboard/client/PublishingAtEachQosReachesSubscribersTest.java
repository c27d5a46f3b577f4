package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PublishingAtEachQosReachesSubscribersTest {

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(builder -> builder.beanClasses(ServerBeans.all()));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    @Test
    void eachQosIsAcknowledgedAsItsFlowSaysAndArrivesOnce() throws Exception {
        Recorder received = new Recorder();
        try (SwitchboardClient subscriber = Clients.connected(received, TestServers.ws(server));
                SwitchboardClient publisher = Clients.connected(new Recorder(), TestServers.ws(server))) {
            ClientEvent.Subscribed subscribed = subscriber.subscribe("qos.news").get(10, TimeUnit.SECONDS);
            assertThat(subscribed.channel()).isEqualTo("qos.news");
            assertThat(subscribed.epoch())
                    .as("a resume reply tells the channel's position")
                    .isNotEmpty();

            publisher.publish("qos.news", "zero", Qos.AT_MOST_ONCE).get(10, TimeUnit.SECONDS);
            publisher.publish("qos.news", "one", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            publisher.publish("qos.news", "two", Qos.EXACTLY_ONCE).get(10, TimeUnit.SECONDS);

            assertThat(received.awaitMessages("qos.news", 3)).containsExactly("zero", "one", "two");
            ClientEvent.Publication last =
                    received.of(ClientEvent.Publication.class).get(2);
            assertThat(last.offset()).isEqualTo(subscribed.offset() + 3);
            assertThat(subscriber.positions().get("qos.news").offset()).isEqualTo(last.offset());
        }
    }

    @Test
    void masksAndListsSubscribeAndUnsubscribeStopsDelivery() throws Exception {
        Recorder received = new Recorder();
        try (SwitchboardClient client = Clients.connected(received, TestServers.ws(server))) {
            client.subscribe("mask.*").get(10, TimeUnit.SECONDS);
            client.subscribe("list.a,list.b").get(10, TimeUnit.SECONDS);
            client.publish("mask.one", "m1", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            client.publish("list.b", "l2", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            client.publish("list.a", "l1", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            received.awaitMessages("mask.one", 1);
            received.awaitMessages("list.a", 1);
            assertThat(received.messages("list.b")).containsExactly("l2");

            client.unsubscribe("mask.*").get(10, TimeUnit.SECONDS);
            client.publish("mask.one", "after", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            client.publish("list.a", "marker", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            received.awaitMessages("list.a", 2);
            assertThat(received.messages("mask.one")).containsExactly("m1");
            assertThat(received.of(ClientEvent.Unsubscribed.class))
                    .extracting(ClientEvent.Unsubscribed::channel)
                    .containsExactly("mask.*");
        }
    }

    @Test
    void broadcastsAndPlainMessagesArrive() throws Exception {
        Recorder received = new Recorder();
        try (SwitchboardClient client = Clients.connected(received, TestServers.ws(server))) {
            client.subscribe("room").get(10, TimeUnit.SECONDS);
            client.broadcast("room", "hi room").get(10, TimeUnit.SECONDS);
            client.send("to the application").get(10, TimeUnit.SECONDS);
            ClientEvent.Message message =
                    received.await(ClientEvent.Message.class, m -> true, 1).get(0);
            assertThat(message).isEqualTo(new ClientEvent.Message("room", "hi room"));
            Await.until(
                    "the server application received the message",
                    () -> ServerBeans.INBOX.contains("to the application"));
        }
    }

    @Test
    void refusalsFailWhereTheProtocolSaysAndTheBoundRefusesAtOnce() throws Exception {
        Recorder received = new Recorder();
        try (SwitchboardClient client =
                Clients.connected(received, builder -> builder.maxInFlight(1), TestServers.ws(server))) {
            // Refused by a publish handler after the acknowledgment: the publication completes, the refusal is an
            // event.
            client.publish("closed.door", "knock", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            ClientEvent.Failure failure =
                    received.await(ClientEvent.Failure.class, f -> true, 1).get(0);
            assertThat(failure.error()).isInstanceOfSatisfying(JsonRpcException.class, e -> {
                assertThat(e.code()).isEqualTo(-32003);
                assertThat(e.data()).isEqualTo("closed.door");
            });

            // At QoS 2 the refusal follows the release's acknowledgment the same way.
            client.publish("closed.door", "again", Qos.EXACTLY_ONCE).get(10, TimeUnit.SECONDS);
            received.await(ClientEvent.Failure.class, f -> true, 2);
        }
    }

    @Test
    void aRefusedSubscriptionFailsWithTheHandlersErrorAndIsForgotten() throws Exception {
        Recorder received = new Recorder();
        try (SwitchboardClient client = Clients.connected(received, TestServers.ws(server))) {
            assertThatThrownBy(() -> client.subscribe("private.diary").get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(JsonRpcException.class, e -> {
                        assertThat(e.code()).isEqualTo(-32003);
                        assertThat(e.data()).isEqualTo("private.diary");
                    });
            // A publish refusal naming a channel is not taken for a subscription's.
            client.subscribe("closed.hall").get(10, TimeUnit.SECONDS);
            client.publish("closed.hall", "no", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            received.await(ClientEvent.Failure.class, f -> true, 1);
            assertThat(client.positions()).containsKey("closed.hall").doesNotContainKey("private.diary");
        }
    }

    @Test
    void theInFlightBoundRefusesAtOnceAndSaysWhichBound() throws Exception {
        // A client that is not connected yet keeps its QoS 1 publications until it is: the bound counts them.
        Recorder received = new Recorder();
        try (SwitchboardClient client = SwitchboardClient.builder()
                .linkOptions(Clients.options(TestServers.ws(server)).build())
                .listener(received)
                .maxInFlight(2)
                .build()) {
            var first = client.publish("bound", "1", Qos.AT_LEAST_ONCE);
            var second = client.publish("bound", "2", Qos.EXACTLY_ONCE);
            var third = client.publish("bound", "3", Qos.AT_LEAST_ONCE);
            assertThat(third).isCompletedExceptionally();
            assertThatThrownBy(third::join).hasMessageContaining("maxInFlight").hasMessageContaining("2");
            assertThat(first).isNotDone();

            client.connect().get(10, TimeUnit.SECONDS);
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            client.publish("bound", "4", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
        }
    }
}
