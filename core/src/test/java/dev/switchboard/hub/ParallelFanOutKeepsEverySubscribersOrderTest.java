package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Publication;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fan-out queues a publication to every subscriber in order and then starts the idle subscribers' writes in
 * batches on several threads. Whatever thread writes, each subscriber gets every publication once, in publishing
 * order, including publications sent from several threads at once and frames sent to it directly meanwhile; and
 * so it is when the subprotocol builds each subscriber's frame itself.
 */
class ParallelFanOutKeepsEverySubscribersOrderTest {

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(4);

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Completes each write on another thread, as a container whose socket was not writable at once does. */
    private final class LateConnection extends RecordingConnection {
        final AtomicInteger writes = new AtomicInteger();
        final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

        LateConnection(SubprotocolHandler handler) {
            super(handler);
        }

        @Override
        protected void write(Object frame, Runnable done, java.util.function.Consumer<Throwable> failed) {
            threads.add(Thread.currentThread().getName());
            written.add(frame);
            if (writes.incrementAndGet() % 3 == 0) {
                executor.execute(done);
            } else {
                done.run();
            }
        }
    }

    /** Sends each subscriber its own frame, as STOMP and MQTT do: here the publication's text. */
    private static final class PerSubscriber implements SubprotocolHandler {
        @Override
        public boolean deliversPerSubscriber() {
            return true;
        }

        @Override
        public void deliverPublication(dev.switchboard.api.Connection subscriber, Publication publication) {
            subscriber.sendText(publication.message());
        }
    }

    @ParameterizedTest(name = "frames built per subscriber: {0}")
    @ValueSource(booleans = {false, true})
    void everySubscriberGetsEveryPublicationOnceInOrderWhicheverThreadWrites(boolean perSubscriber) throws Exception {
        ConnectionRegistry registry = new ConnectionRegistry();
        // Batches of 8: the 64 subscribers are written in up to one batch per processor, the others on the executor.
        LocalDelivery delivery = new LocalDelivery(registry, true, Scheduler.of(executor), 8);
        SubprotocolHandler handler = perSubscriber ? new PerSubscriber() : new SubprotocolHandler() {};
        List<LateConnection> subscribers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            LateConnection connection = new LateConnection(handler);
            registry.add(connection);
            delivery.subscribe(connection, "ch");
            subscribers.add(connection);
        }
        int publishers = 3;
        int each = 200;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < each; i++) {
                    delivery.deliverPublication(new Publication("ch", publisher + ":" + i, Optional.empty()));
                    if (i % 50 == 0) {
                        // A direct send to one subscriber meanwhile takes its place in that queue's order.
                        subscribers.get(i % subscribers.size()).sendText("direct " + publisher + ":" + i);
                    }
                }
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(Await.DEADLINE.toMillis());
        }

        for (LateConnection subscriber : subscribers) {
            Await.until(
                    "every publication written to " + subscriber.id(),
                    () -> subscriber.texts().stream()
                                    .filter(text -> !text.startsWith("direct"))
                                    .count()
                            == publishers * each);
        }
        for (LateConnection subscriber : subscribers) {
            List<String> texts = subscriber.texts();
            for (int p = 0; p < publishers; p++) {
                String prefix = p + ":";
                assertThat(texts.stream().filter(text -> text.startsWith(prefix)))
                        .as("publisher %d's publications at %s", p, subscriber.id())
                        .containsExactlyElementsOf(IntStream.range(0, each)
                                .mapToObj(i -> prefix + i)
                                .toList());
            }
            Await.until(
                    "the queue of " + subscriber.id() + " idle",
                    () -> subscriber.stats().queued() == 0);
            assertThat(subscriber.stats().messagesOut()).isEqualTo(texts.size());
        }
        assertThat(subscribers.stream()
                        .flatMap(s -> s.threads.stream())
                        .distinct()
                        .count())
                .as("threads that wrote")
                .isGreaterThan(1);
    }

    @ParameterizedTest(name = "frames built per subscriber: {0}")
    @ValueSource(booleans = {false, true})
    void aLargeFanOutHandsBatchesOfWritesToTheScheduler(boolean perSubscriber) {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Runtime.getRuntime().availableProcessors() > 1, "one processor: every batch is the publisher's");
        ConnectionRegistry registry = new ConnectionRegistry();
        LocalDelivery delivery = new LocalDelivery(registry, true, Scheduler.of(executor), 16);
        SubprotocolHandler handler = perSubscriber ? new PerSubscriber() : new SubprotocolHandler() {};
        List<RecordingWithThread> subscribers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            RecordingWithThread connection = new RecordingWithThread(handler);
            registry.add(connection);
            delivery.subscribe(connection, "large");
            subscribers.add(connection);
        }
        assertThat(delivery.deliverPublication(new Publication("large", "m", Optional.empty())))
                .isEqualTo(64);
        Await.until("every subscriber written", () -> subscribers.stream().allMatch(s -> s.thread != null));
        assertThat(subscribers).allSatisfy(s -> assertThat(s.texts()).containsExactly("m"));
        String publishing = Thread.currentThread().getName();
        // The fan-out's order is the channel index's, not the order of subscribing: count the writers instead.
        long onPublisher =
                subscribers.stream().filter(s -> s.thread.equals(publishing)).count();
        assertThat(onPublisher).as("writes on the publishing thread: its batch").isBetween(1L, 63L);
        assertThat(subscribers.stream().map(s -> s.thread).filter(t -> !t.equals(publishing)))
                .as("the other batches' writers")
                .isNotEmpty()
                .allMatch(t -> t.startsWith("pool-"));
    }

    /** Completes every write at once and remembers the thread that wrote. */
    private static final class RecordingWithThread extends RecordingConnection {
        volatile String thread;

        RecordingWithThread(SubprotocolHandler handler) {
            super(handler);
        }

        @Override
        protected void write(Object frame, Runnable done, java.util.function.Consumer<Throwable> failed) {
            thread = Thread.currentThread().getName();
            super.write(frame, done, failed);
        }
    }

    @ParameterizedTest(name = "frames built per subscriber: {0}")
    @ValueSource(booleans = {false, true})
    void aSmallFanOutIsWrittenOnThePublishingThread(boolean perSubscriber) {
        ConnectionRegistry registry = new ConnectionRegistry();
        LocalDelivery delivery = new LocalDelivery(registry, true, Scheduler.of(executor), 256);
        SubprotocolHandler handler = perSubscriber ? new PerSubscriber() : new SubprotocolHandler() {};
        List<LateConnection> subscribers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            LateConnection connection = new LateConnection(handler);
            registry.add(connection);
            delivery.subscribe(connection, "small");
            subscribers.add(connection);
        }
        assertThat(delivery.deliverPublication(new Publication("small", "m", Optional.empty())))
                .isEqualTo(10);
        for (LateConnection subscriber : subscribers) {
            assertThat(subscriber.threads)
                    .containsExactly(Thread.currentThread().getName());
            assertThat(subscriber.texts()).containsExactly("m");
        }
    }
}
