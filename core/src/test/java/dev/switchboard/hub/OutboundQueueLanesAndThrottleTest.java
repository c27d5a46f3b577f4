package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Priority;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutboundQueueLanesAndThrottleTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Scheduler scheduler = Scheduler.of(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A transport that records each write with its time, completing it at once or when told. */
    private static final class RecordingSink implements OutboundQueue.Sink {
        final List<String> written = new CopyOnWriteArrayList<>();
        final List<Long> writtenAtNanos = new CopyOnWriteArrayList<>();
        final List<Runnable> incomplete = new ArrayList<>();
        final boolean completeAtOnce;
        volatile boolean overflowed;

        RecordingSink(boolean completeAtOnce) {
            this.completeAtOnce = completeAtOnce;
        }

        @Override
        public void write(OutboundQueue.Frame frame, Runnable done, Consumer<Throwable> failed) {
            written.add((String) frame.payload());
            writtenAtNanos.add(System.nanoTime());
            if (completeAtOnce) {
                done.run();
            } else {
                synchronized (incomplete) {
                    incomplete.add(done);
                }
            }
        }

        void completeOne() {
            Runnable done;
            synchronized (incomplete) {
                done = incomplete.remove(0);
            }
            done.run();
        }

        @Override
        public void overflow() {
            overflowed = true;
        }

        @Override
        public void writeFailed(Throwable error) {}
    }

    private static OutboundQueue.Frame frame(String text) {
        return new OutboundQueue.Frame(text, text.length());
    }

    @Test
    void waitingFramesAreWrittenHighestLaneFirstAndInOrderWithinALane() {
        RecordingSink sink = new RecordingSink(false);
        OutboundQueue queue = new OutboundQueue(sink, 100, 1_000_000);

        queue.offer(frame("first"), Priority.LOW);
        queue.offer(frame("low-1"), Priority.LOW);
        queue.offer(frame("normal-1"), Priority.NORMAL);
        queue.offer(frame("low-2"), Priority.LOW);
        queue.offer(frame("high-1"), Priority.HIGH);
        queue.offer(frame("normal-2"));
        queue.offer(frame("high-2"), Priority.HIGH);
        for (int i = 0; i < 7; i++) {
            sink.completeOne();
        }

        assertThat(sink.written).containsExactly("first", "high-1", "high-2", "normal-1", "normal-2", "low-1", "low-2");
        assertThat(queue.size()).isZero();
    }

    @Test
    void theBoundsCountEveryLaneTogether() {
        RecordingSink sink = new RecordingSink(false);
        OutboundQueue queue = new OutboundQueue(sink, 3, 1_000_000);

        assertThat(queue.offer(frame("in flight"), Priority.NORMAL)).isTrue();
        assertThat(queue.offer(frame("a"), Priority.HIGH)).isTrue();
        assertThat(queue.offer(frame("b"), Priority.NORMAL)).isTrue();
        assertThat(queue.offer(frame("c"), Priority.LOW)).isTrue();
        assertThat(queue.offer(frame("d"), Priority.HIGH)).isFalse();

        assertThat(sink.overflowed).isTrue();
        assertThat(queue.size()).isZero();
    }

    @Test
    void aThrottledQueueWritesNoFasterThanItsRate() {
        RecordingSink sink = new RecordingSink(true);
        OutboundQueue queue = new OutboundQueue(sink, 100, 1_000_000);
        queue.throttle(10_000, scheduler);
        String kilobyte = "x".repeat(1000);

        for (int i = 0; i < 6; i++) {
            queue.offer(frame(kilobyte));
        }
        Await.until("all six frames written", () -> sink.written.size() == 6);

        // 1000 bytes at 10,000 bytes a second: each frame starts 100 ms after the one before at the earliest.
        for (int i = 1; i < 6; i++) {
            long gapNanos = sink.writtenAtNanos.get(i) - sink.writtenAtNanos.get(i - 1);
            assertThat(gapNanos).as("gap before frame %d", i).isGreaterThanOrEqualTo(99_000_000L);
        }
        assertThat(queue.throttle()).isEqualTo(10_000);
    }

    @Test
    void aHigherLaneFrameThatArrivesWhileTheThrottleWaitsIsWrittenNext() {
        RecordingSink sink = new RecordingSink(true);
        OutboundQueue queue = new OutboundQueue(sink, 100, 1_000_000);
        queue.throttle(100, scheduler);

        queue.offer(frame("x".repeat(20)), Priority.LOW);
        queue.offer(frame("low, held back"), Priority.LOW);
        // Arrives while the low frame waits for its time (200 ms at 100 bytes a second).
        queue.offer(frame("alert"), Priority.HIGH);
        Await.until("all three written", () -> sink.written.size() == 3);

        assertThat(sink.written).containsExactly("x".repeat(20), "alert", "low, held back");
    }

    @Test
    void liftingTheThrottleLetsWaitingFramesGoAtOnce() {
        RecordingSink sink = new RecordingSink(true);
        OutboundQueue queue = new OutboundQueue(sink, 100, 1_000_000);
        queue.throttle(1, scheduler);

        queue.offer(frame("now"));
        queue.offer(frame("in a second"));
        queue.offer(frame("in two seconds"));
        assertThat(sink.written).containsExactly("now");
        queue.throttle(0, scheduler);

        // The frame already timed goes when its timer fires (one second); the rest follow without waiting.
        Await.until("the waiting frames written", () -> sink.written.size() == 3);
        long gapNanos = sink.writtenAtNanos.get(2) - sink.writtenAtNanos.get(1);
        assertThat(gapNanos).isLessThan(500_000_000L);
    }

    @Test
    void aQueueClosedWhileAFrameWaitsForItsTimeWritesNothingMore() throws Exception {
        RecordingSink sink = new RecordingSink(true);
        OutboundQueue queue = new OutboundQueue(sink, 100, 1_000_000);
        queue.throttle(100, scheduler);

        queue.offer(frame("x".repeat(10)));
        queue.offer(frame("held back a tenth of a second"));
        queue.close();
        // The timer of the held frame still fires; wait for a task queued after it on the same single thread.
        executor.schedule(() -> {}, 200, java.util.concurrent.TimeUnit.MILLISECONDS)
                .get();

        assertThat(sink.written).hasSize(1);
        assertThat(queue.offer(frame("after close"))).isFalse();
    }
}
