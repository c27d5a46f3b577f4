package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.testing.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A message sent as a stream takes its place in the connection's queue: it waits for what was queued before it, what
 * is queued while it is open waits behind it, and a sender that cannot get its turn in time gets an exception and
 * sends nothing. On a transport without fragments it is collected, up to the queue's byte bound, and written whole.
 */
class StreamedMessagesTakeTheirTurnInTheQueueTest {

    private static final SubprotocolHandler HANDLER = new SubprotocolHandler() {};

    @Test
    void aStreamIsWrittenAfterWhatWasQueuedBeforeItAndBeforeWhatCameWhileItWasOpen() throws Exception {
        RecordingConnection connection = new RecordingConnection(HANDLER);
        connection.sendText("before");
        Writer writer = connection.sendTextStream(Duration.ofSeconds(1));
        writer.write("hello ");
        assertThat(connection.sendText("meanwhile")).isTrue();
        writer.write("world");
        assertThat(connection.texts()).containsExactly("before");
        writer.close();

        assertThat(connection.texts()).containsExactly("before", "hello world", "meanwhile");
        assertThat(connection.stats().messagesOut()).isEqualTo(3);
        assertThat(connection.stats().bytesOut()).isEqualTo("before".length() + "hello world".length() + 9);
    }

    @Test
    void aBinaryStreamIsCollectedWholeOnATransportWithoutFragments() throws Exception {
        RecordingConnection connection = new RecordingConnection(HANDLER);
        try (OutputStream out = connection.sendBinaryStream(Duration.ofSeconds(1))) {
            out.write("abc".getBytes(StandardCharsets.US_ASCII));
            out.write('d');
        }
        ByteBuffer written = (ByteBuffer) connection.written.get(0);
        assertThat(StandardCharsets.US_ASCII.decode(written).toString()).isEqualTo("abcd");
    }

    @Test
    void aSenderWhoseTurnDoesNotComeInTimeGetsAnExceptionAndTheQueueGoesOn() throws Exception {
        RecordingConnection connection = new RecordingConnection(HANDLER);
        connection.stall();
        connection.sendText("stuck");

        assertThatThrownBy(() -> connection.sendBinaryStream(Duration.ofMillis(50)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nothing was sent");

        connection.unstall();
        connection.sendText("next");
        assertThat(connection.texts()).containsExactly("stuck", "next");
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void aSenderWaitingForItsTurnIsWokenWhenTheConnectionCloses() throws Exception {
        RecordingConnection connection = new RecordingConnection(HANDLER);
        connection.stall();
        connection.sendText("stuck");
        CompletableFuture<Writer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return connection.sendTextStream(Duration.ofMinutes(5));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        connection.close(CloseCodes.NORMAL, "bye");

        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void aCollectedStreamLargerThanTheQueuesByteBoundIsRefused() throws Exception {
        RecordingConnection connection = new RecordingConnection(null, HANDLER, 16, 100);
        OutputStream out = connection.sendBinaryStream(Duration.ofSeconds(1));
        out.write(new byte[60]);
        assertThatThrownBy(() -> out.write(new byte[41]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("at most 100 bytes");
    }

    @Test
    void messagesPilingUpBehindAStreamLeftOpenCutTheConnectionOffAsASlowConsumer() throws Exception {
        RecordingConnection connection = new RecordingConnection(null, HANDLER, 2, 1 << 20);
        Writer open = connection.sendTextStream(Duration.ofSeconds(1));
        open.write("started");
        assertThat(connection.sendText("1")).isTrue();
        assertThat(connection.sendText("2")).isTrue();
        assertThat(connection.sendText("3")).isFalse();

        Await.until("the connection was cut off", () -> connection.closeCode != null);
        assertThat(connection.closeCode).isEqualTo(CloseCodes.SLOW_CONSUMER);
    }
}
