package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FlowSubscribersHaveBoundedBuffersTest {

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    /** A subscriber that takes only what a test asks for. */
    static final class Taker<T> implements Flow.Subscriber<T> {
        final List<T> items = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        volatile Flow.Subscription subscription;
        volatile boolean completed;

        @Override
        public void onSubscribe(Flow.Subscription value) {
            subscription = value;
        }

        @Override
        public void onNext(T item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            error.set(throwable);
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }

    @Test
    void aSubscriberGetsNoMoreThanItAskedAndOverflowCancelsItWithAnError() throws Exception {
        try (SwitchboardClient client =
                Clients.connected(new Recorder(), builder -> builder.bufferSize(8), TestServers.ws(server))) {
            Taker<ClientEvent.Publication> slow = new Taker<>();
            Taker<ClientEvent.Publication> fast = new Taker<>();
            client.channel("flow").subscribe(slow);
            client.channel("flow").subscribe(fast);
            Await.until("both subscribed", () -> slow.subscription != null && fast.subscription != null);
            fast.subscription.request(Long.MAX_VALUE);
            slow.subscription.request(2);
            client.subscribe("flow").get(10, TimeUnit.SECONDS);

            for (int i = 0; i < 5; i++) {
                client.publish("flow", "f" + i, Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            }
            Await.until("the fast subscriber has all five", () -> fast.items.size() == 5);
            Await.until("the slow one has what it asked", () -> slow.items.size() == 2);
            // Everything was offered to both at once; the slow one still holds three for later.
            assertThat(slow.items).extracting(ClientEvent.Publication::message).containsExactly("f0", "f1");
            slow.subscription.request(3);
            Await.until("the slow one has five", () -> slow.items.size() == 5);
            assertThat(slow.items)
                    .extracting(ClientEvent.Publication::message)
                    .containsExactly("f0", "f1", "f2", "f3", "f4");

            // Nine more without demand: the ninth does not fit in eight.
            for (int i = 5; i < 14; i++) {
                client.publish("flow", "f" + i, Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            }
            Await.until("the fast subscriber has fourteen", () -> fast.items.size() == 14);
            Await.until("the slow one is told it overflowed", () -> slow.error.get() != null);
            assertThat(slow.error.get())
                    .isInstanceOf(SwitchboardException.class)
                    .hasMessageContaining("more than 8 events");
            slow.subscription.request(100);
            client.publish("flow", "after", Qos.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            Await.until("the fast subscriber has the last", () -> fast.items.size() == 15);
            assertThat(slow.items).hasSize(5);
            assertThat(fast.error.get()).isNull();
        }
    }

    @Test
    void closingCompletesEverySubscriberAfterWhatItAlreadyHas() throws Exception {
        Taker<ClientEvent> all = new Taker<>();
        SwitchboardClient client = Clients.connected(new Recorder(), TestServers.ws(server));
        client.events().subscribe(all);
        Await.until("subscribed", () -> all.subscription != null);
        all.subscription.request(Long.MAX_VALUE);
        client.subscribe("flow.close").get(10, TimeUnit.SECONDS);
        client.close();
        Await.until("completed", () -> all.completed);
        assertThat(all.items).anySatisfy(e -> assertThat(e).isInstanceOf(ClientEvent.Subscribed.class));
        assertThat(all.items).last().isInstanceOf(ClientEvent.Closed.class);
    }
}
