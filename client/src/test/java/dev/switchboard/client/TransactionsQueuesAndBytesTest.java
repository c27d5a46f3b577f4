package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransactionsQueuesAndBytesTest {

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
    void aCommittedTransactionPublishesInOrderAndARolledBackOneNothing() throws Exception {
        Recorder received = new Recorder();
        try (SwitchboardClient subscriber = Clients.connected(received, TestServers.ws(server));
                SwitchboardClient publisher = Clients.connected(new Recorder(), TestServers.ws(server))) {
            subscriber.subscribe("tx.committed").get(10, TimeUnit.SECONDS);
            subscriber.subscribe("tx.rolledback").get(10, TimeUnit.SECONDS);

            Transaction dropped = publisher.transaction("tx.rolledback");
            dropped.publish("never");
            dropped.rollback().get(10, TimeUnit.SECONDS);

            Transaction tx = publisher.transaction("tx.committed");
            tx.begun().get(10, TimeUnit.SECONDS);
            tx.publish("a");
            tx.publish("b");
            tx.publish("c").get(10, TimeUnit.SECONDS);
            // Held: a publication after them on another channel overtakes them.
            publisher.publish("tx.rolledback", "marker", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            received.awaitMessages("tx.rolledback", 1);
            assertThat(received.messages("tx.committed")).isEmpty();

            tx.commit().get(10, TimeUnit.SECONDS);
            assertThat(received.awaitMessages("tx.committed", 3)).containsExactly("a", "b", "c");
            assertThat(received.messages("tx.rolledback")).containsExactly("marker");
        }
    }

    @Test
    void queueLevelsKeepTheLastOrEveryMessageForLaterSubscribers() throws Exception {
        try (SwitchboardClient publisher = Clients.connected(new Recorder(), TestServers.ws(server))) {
            publisher
                    .publish("q.last", "old", Qos.AT_LEAST_ONCE, QueueLevel.LAST)
                    .get(10, TimeUnit.SECONDS);
            publisher
                    .publish("q.last", "new", Qos.AT_LEAST_ONCE, QueueLevel.LAST)
                    .get(10, TimeUnit.SECONDS);
            publisher.publish("q.all", "1", Qos.AT_LEAST_ONCE, QueueLevel.ALL).get(10, TimeUnit.SECONDS);
            publisher.publish("q.all", "2", Qos.AT_LEAST_ONCE, QueueLevel.ALL).get(10, TimeUnit.SECONDS);
            publisher.publish("q.none", "gone", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
        }
        Recorder late = new Recorder();
        try (SwitchboardClient subscriber = Clients.connected(late, TestServers.ws(server))) {
            subscriber.subscribe("q.none").get(10, TimeUnit.SECONDS);
            subscriber.subscribe("q.last").get(10, TimeUnit.SECONDS);
            subscriber.subscribe("q.all").get(10, TimeUnit.SECONDS);
            assertThat(late.awaitMessages("q.all", 2)).containsExactly("1", "2");
            assertThat(late.messages("q.last")).containsExactly("new");
            assertThat(late.messages("q.none")).isEmpty();
        }
    }

    @Test
    void bytesArriveAsBytesAndBase64TextArrivesAsText() throws Exception {
        Recorder received = new Recorder();
        byte[] notUtf8 = {(byte) 0xff, 0, (byte) 0xc3, 0x28, 42, (byte) 0x80};
        try (SwitchboardClient subscriber = Clients.connected(received, TestServers.ws(server));
                SwitchboardClient publisher =
                        Clients.connected(new Recorder(), b -> b.base64Text(true), TestServers.ws(server))) {
            subscriber.subscribe("bytes").get(10, TimeUnit.SECONDS);
            publisher
                    .publish("bytes", notUtf8, Qos.AT_LEAST_ONCE, QueueLevel.NONE)
                    .get(10, TimeUnit.SECONDS);
            publisher
                    .publish("bytes", "quote \" and ünïcode", Qos.AT_LEAST_ONCE)
                    .get(10, TimeUnit.SECONDS);
            received.awaitMessages("bytes", 2);
            List<ClientEvent.Publication> publications = received.of(ClientEvent.Publication.class);
            assertThat(publications.get(0).binary()).isTrue();
            assertThat(publications.get(0).data().orElseThrow()).isEqualTo(notUtf8);
            assertThat(publications.get(1).binary()).isFalse();
            assertThat(publications.get(1).message()).isEqualTo("quote \" and ünïcode");
        }
    }
}
