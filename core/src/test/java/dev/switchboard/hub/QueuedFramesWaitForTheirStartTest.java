package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Priority;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link OutboundQueue#enqueue} queues without writing, and so does an offer during a {@link OutboundQueue#hold}, so a
 * fan-out can queue everywhere first and start the writes afterwards; and a shared text frame keeps one UTF-8 encoding that every reader gets its own view of.
 */
class QueuedFramesWaitForTheirStartTest {

    private static final class Sink implements OutboundQueue.Sink {
        final List<Object> written = new ArrayList<>();
        final List<Long> counted = new ArrayList<>();
        int overflows;

        @Override
        public void write(OutboundQueue.Frame frame, Runnable done, Consumer<Throwable> failed) {
            written.add(frame.payload());
            done.run();
        }

        @Override
        public void written(OutboundQueue.Frame frame) {
            counted.add(frame.size());
        }

        @Override
        public void overflow() {
            overflows++;
        }

        @Override
        public void writeFailed(Throwable error) {}
    }

    private static OutboundQueue.Frame text(String text) {
        return new OutboundQueue.Frame(text, text.length());
    }

    @Test
    void anIdleQueueWritesNothingUntilStartedThenEverythingInOrder() {
        Sink sink = new Sink();
        OutboundQueue queue = new OutboundQueue(sink, 10, 1000);
        assertThat(queue.enqueue(text("a"), Priority.NORMAL)).isEqualTo(OutboundQueue.Queued.START);
        assertThat(queue.enqueue(text("b"), Priority.NORMAL)).isEqualTo(OutboundQueue.Queued.WAITING);
        assertThat(queue.offer(text("c"))).isTrue();
        assertThat(sink.written).isEmpty();

        queue.startWriting();

        assertThat(sink.written).containsExactly("a", "b", "c");
        assertThat(sink.counted).containsExactly(1L, 1L, 1L);
        assertThat(queue.enqueue(text("d"), Priority.NORMAL)).isEqualTo(OutboundQueue.Queued.START);
    }

    @Test
    void aQueueClosedBeforeItsStartWritesNothingAndStaysClosed() {
        Sink sink = new Sink();
        OutboundQueue queue = new OutboundQueue(sink, 10, 1000);
        assertThat(queue.enqueue(text("a"), Priority.NORMAL)).isEqualTo(OutboundQueue.Queued.START);
        queue.close();

        queue.startWriting();

        assertThat(sink.written).isEmpty();
        assertThat(queue.enqueue(text("b"), Priority.NORMAL)).isEqualTo(OutboundQueue.Queued.REFUSED);
    }

    @Test
    void aDrainAskedBeforeTheStartRunsOnceTheQueuedFrameIsWritten() {
        Sink sink = new Sink();
        OutboundQueue queue = new OutboundQueue(sink, 10, 1000);
        queue.enqueue(text("a"), Priority.NORMAL);
        List<String> drained = new ArrayList<>();
        assertThat(queue.drain(() -> drained.add("drained"))).isTrue();
        assertThat(drained).isEmpty();

        queue.startWriting();

        assertThat(sink.written).containsExactly("a");
        assertThat(drained).containsExactly("drained");
    }

    @Test
    void enqueueingPastTheBoundsCutsTheQueueOffAsASlowConsumer() {
        Sink sink = new Sink();
        OutboundQueue queue = new OutboundQueue(sink, 2, 1000);
        queue.enqueue(text("a"), Priority.NORMAL);
        queue.enqueue(text("b"), Priority.NORMAL);
        queue.enqueue(text("c"), Priority.NORMAL);

        assertThat(queue.enqueue(text("d"), Priority.NORMAL)).isEqualTo(OutboundQueue.Queued.REFUSED);
        assertThat(sink.overflows).isEqualTo(1);
        queue.startWriting();
        assertThat(sink.written).isEmpty();
    }

    @Test
    void framesOfferedDuringAHoldWaitForTheStartItsReleaseHandsOver() {
        Sink sink = new Sink();
        OutboundQueue queue = new OutboundQueue(sink, 10, 1000);
        queue.hold();
        assertThat(queue.offer(text("a"))).isTrue();
        assertThat(queue.offer(text("b"))).isTrue();
        assertThat(sink.written).isEmpty();

        assertThat(queue.release()).as("a start to make").isTrue();
        assertThat(queue.offer(text("c"))).as("queued behind the held frames").isTrue();
        assertThat(sink.written).isEmpty();
        queue.startWriting();

        assertThat(sink.written).containsExactly("a", "b", "c");
        assertThat(queue.offer(text("d"))).isTrue();
        assertThat(sink.written).as("no hold: written at once").containsExactly("a", "b", "c", "d");
    }

    @Test
    void aHoldWithNothingOfferedHandsOverNoStart() {
        Sink sink = new Sink();
        OutboundQueue queue = new OutboundQueue(sink, 10, 1000);
        queue.hold();
        assertThat(queue.release()).isFalse();
        assertThat(queue.offer(text("a"))).isTrue();
        assertThat(sink.written).containsExactly("a");
    }

    @Test
    void nestedHoldsHandTheStartToTheFirstReleaseAfterAnOffer() {
        Sink sink = new Sink();
        OutboundQueue queue = new OutboundQueue(sink, 10, 1000);
        queue.hold();
        queue.hold();
        assertThat(queue.offer(text("a"))).isTrue();
        assertThat(queue.release()).isTrue();
        assertThat(queue.offer(text("b"))).isTrue();
        assertThat(queue.release()).as("the start was handed over already").isFalse();
        assertThat(sink.written).isEmpty();

        queue.startWriting();

        assertThat(sink.written).containsExactly("a", "b");
    }

    @Test
    void aQueueClosedDuringAHoldWritesNothingWhenStarted() {
        Sink sink = new Sink();
        OutboundQueue queue = new OutboundQueue(sink, 10, 1000);
        queue.hold();
        queue.offer(text("a"));
        queue.close();
        assertThat(queue.release()).isTrue();

        queue.startWriting();

        assertThat(sink.written).isEmpty();
        assertThat(queue.offer(text("b"))).isFalse();
    }

    @Test
    void everyReaderOfASharedTextFrameGetsItsOwnViewOfOneEncoding() {
        String text = "Grüße, 世界 \uD83D\uDE00";
        OutboundQueue.Frame frame = new OutboundQueue.Frame(text, BaseConnection.utf8Length(text));
        ByteBuffer first = frame.utf8();
        ByteBuffer second = frame.utf8();

        byte[] read = new byte[first.remaining()];
        first.get(read);

        assertThat(read).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThat(first.hasRemaining()).as("the first view, consumed").isFalse();
        assertThat(second.remaining()).as("the second view").isEqualTo((int) frame.size());
        assertThat(second.isReadOnly()).isTrue();
        assertThat(StandardCharsets.UTF_8.decode(second).toString()).isEqualTo(text);
    }

    @Test
    void aFrameForOneConnectionHandsItsEncodingOverWhole() {
        String text = "one reader: ü";
        OutboundQueue.Frame frame = OutboundQueue.Frame.exclusive(text, BaseConnection.utf8Length(text));

        ByteBuffer bytes = frame.utf8();

        assertThat(bytes.remaining()).isEqualTo((int) frame.size());
        assertThat(StandardCharsets.UTF_8.decode(bytes).toString()).isEqualTo(text);
        assertThat(frame.payload()).isEqualTo(text);
    }
}
