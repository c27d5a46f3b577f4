package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    /** A transport whose writes complete only when the test says so, or at once when {@code inline}. */
    private static final class ScriptedSink implements OutboundQueue.Sink {
        final List<Object> written = new ArrayList<>();
        final List<Runnable> pendingCompletions = new ArrayList<>();
        final AtomicInteger overflows = new AtomicInteger();
        final List<Throwable> failures = new ArrayList<>();
        boolean inline;

        @Override
        public void write(OutboundQueue.Frame frame, Runnable done, Consumer<Throwable> failed) {
            written.add(frame.payload());
            if (inline) {
                done.run();
            } else {
                pendingCompletions.add(done);
            }
        }

        @Override
        public void overflow() {
            overflows.incrementAndGet();
        }

        @Override
        public void writeFailed(Throwable error) {
            failures.add(error);
        }

        void completeNext() {
            pendingCompletions.remove(0).run();
        }
    }

    private static OutboundQueue.Frame frame(String text) {
        return new OutboundQueue.Frame(text, text.length());
    }

    @Test
    void onlyOneFrameIsInFlightAndOrderIsKept() {
        ScriptedSink sink = new ScriptedSink();
        OutboundQueue queue = new OutboundQueue(sink, 10, 1000);

        queue.offer(frame("a"));
        queue.offer(frame("b"));
        queue.offer(frame("c"));
        assertThat(sink.written).containsExactly("a");
        assertThat(queue.size()).isEqualTo(2);

        sink.completeNext();
        assertThat(sink.written).containsExactly("a", "b");
        sink.completeNext();
        sink.completeNext();
        assertThat(sink.written).containsExactly("a", "b", "c");
        assertThat(queue.size()).isZero();
    }

    @Test
    void writesThatCompleteInlineDrainWithoutRecursion() {
        ScriptedSink sink = new ScriptedSink();
        OutboundQueue queue = new OutboundQueue(sink, 200_000, Long.MAX_VALUE);
        queue.offer(frame("first"));
        for (int i = 0; i < 100_000; i++) {
            queue.offer(frame("m" + i));
        }
        sink.inline = true;
        // One completion now drains 100,000 queued frames; recursion would overflow the stack.
        sink.completeNext();
        assertThat(sink.written).hasSize(100_001);
        assertThat(queue.size()).isZero();
    }

    @Test
    void overflowByCountIsReportedOnceAndRefusesFurtherFrames() {
        ScriptedSink sink = new ScriptedSink();
        OutboundQueue queue = new OutboundQueue(sink, 2, 1000);

        assertThat(queue.offer(frame("in flight"))).isTrue();
        assertThat(queue.offer(frame("1"))).isTrue();
        assertThat(queue.offer(frame("2"))).isTrue();
        assertThat(queue.offer(frame("3"))).isFalse();
        assertThat(queue.offer(frame("4"))).isFalse();
        assertThat(sink.overflows).hasValue(1);
    }

    @Test
    void overflowByBytesIsReported() {
        ScriptedSink sink = new ScriptedSink();
        OutboundQueue queue = new OutboundQueue(sink, 100, 10);

        queue.offer(frame("in flight, any size"));
        assertThat(queue.offer(frame("12345"))).isTrue();
        assertThat(queue.offer(frame("123456"))).isFalse();
        assertThat(sink.overflows).hasValue(1);
    }

    @Test
    void aFailedWriteClosesTheQueueAndIsReported() {
        OutboundQueue.Sink failing = new OutboundQueue.Sink() {
            final AtomicInteger writes = new AtomicInteger();

            @Override
            public void write(OutboundQueue.Frame frame, Runnable done, Consumer<Throwable> failed) {
                writes.incrementAndGet();
                failed.accept(new java.io.IOException("broken pipe"));
            }

            @Override
            public void overflow() {}

            @Override
            public void writeFailed(Throwable error) {
                assertThat(error).hasMessage("broken pipe");
            }
        };
        OutboundQueue queue = new OutboundQueue(failing, 10, 1000);

        assertThat(queue.offer(frame("x"))).isTrue();
        assertThat(queue.offer(frame("y"))).isFalse();
    }

    @Test
    void closingDropsWaitingFrames() {
        ScriptedSink sink = new ScriptedSink();
        OutboundQueue queue = new OutboundQueue(sink, 10, 1000);
        queue.offer(frame("a"));
        queue.offer(frame("b"));

        queue.close();
        sink.completeNext();

        assertThat(sink.written).containsExactly("a");
        assertThat(queue.offer(frame("c"))).isFalse();
    }
}
