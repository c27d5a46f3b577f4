package dev.switchboard.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.ClientEvent;
import dev.switchboard.client.SwitchboardException;
import dev.switchboard.client.testing.Await;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EventDispatcherFollowsTheFlowRulesTest {

    static final class Probe implements Flow.Subscriber<ClientEvent> {
        final List<ClientEvent> items = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final List<String> signals = new CopyOnWriteArrayList<>();
        volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription value) {
            signals.add("subscribe");
            subscription = value;
        }

        @Override
        public void onNext(ClientEvent item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            signals.add("error");
            error.set(throwable);
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }
    }

    private static ClientEvent message(int i) {
        return new ClientEvent.Message("", "m" + i);
    }

    @Test
    void aNonPositiveRequestEndsTheSubscriptionWithAnError() {
        EventDispatcher dispatcher = new EventDispatcher(Executors.newVirtualThreadPerTaskExecutor(), 4);
        Probe probe = new Probe();
        dispatcher.publisher(Function.identity()).subscribe(probe);
        Await.until("subscribed", () -> probe.subscription != null);
        probe.subscription.request(0);
        Await.until("the error", () -> probe.error.get() != null);
        assertThat(probe.error.get())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3.9");
        dispatcher.publish(message(1));
        dispatcher.close(1000);
        assertThat(probe.items).isEmpty();
        assertThat(probe.signals).containsExactly("subscribe", "error");
    }

    @Test
    void theListenersPolicyDropsTheOldestAndReportsHowMany() {
        EventDispatcher dispatcher = new EventDispatcher(Executors.newVirtualThreadPerTaskExecutor(), 2);
        Probe probe = new Probe();
        List<SwitchboardException> reports = new CopyOnWriteArrayList<>();
        dispatcher.subscribe(probe, Function.identity(), EventDispatcher.Overflow.DROP_OLDEST, reports::add);
        Await.until("subscribed", () -> probe.subscription != null);
        for (int i = 0; i < 5; i++) {
            dispatcher.publish(message(i));
        }
        probe.subscription.request(10);
        Await.until("the two kept", () -> probe.items.size() == 2);
        assertThat(probe.items).containsExactly(message(3), message(4));
        assertThat(reports)
                .singleElement()
                .satisfies(r -> assertThat(r.getMessage()).startsWith("3 events dropped"));
        dispatcher.close(1000);
        assertThat(probe.signals).containsExactly("subscribe", "complete");
    }
}
