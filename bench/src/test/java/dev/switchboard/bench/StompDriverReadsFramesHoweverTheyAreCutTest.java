package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The STOMP driver's reader takes frames however the server cuts them into WebSocket messages: several per message,
 * one split over messages, heart-beat EOLs between them, bodies delimited by {@code content-length} (NULs inside) or
 * by the first NUL; it decodes header escapes, and refuses what is malformed or past its bounds.
 */
class StompDriverReadsFramesHoweverTheyAreCutTest {

    private static final String MESSAGE_A =
            "MESSAGE\ndestination:/topic/bench\nsubscription:0\nmessage-id:1\n\n12 345\0";
    private static final String MESSAGE_B =
            "MESSAGE\ndestination:/topic/bench\nsubscription:0\nmessage-id:2\ncontent-length:6\n\n67 890\0";

    @Test
    void severalFramesInOneMessageAreAllRead() {
        List<StompFrames.Frame> frames = new StompFrames.Reader().feed(MESSAGE_A + "\n" + MESSAGE_B);

        assertThat(frames).extracting(StompFrames.Frame::body).containsExactly("12 345", "67 890");
        assertThat(frames.get(1).header("message-id")).isEqualTo("2");
    }

    @Test
    void aFrameSplitAtEveryPositionIsReadOnceWhole() {
        String stream = MESSAGE_A + MESSAGE_B;
        for (int cut = 1; cut < stream.length(); cut++) {
            StompFrames.Reader reader = new StompFrames.Reader();
            List<StompFrames.Frame> frames = new ArrayList<>(reader.feed(stream.substring(0, cut)));
            frames.addAll(reader.feed(stream.substring(cut)));

            assertThat(frames)
                    .as("cut at %d", cut)
                    .extracting(StompFrames.Frame::body)
                    .containsExactly("12 345", "67 890");
        }
    }

    @Test
    void aFrameFedOneCharacterAtATimeIsRead() {
        StompFrames.Reader reader = new StompFrames.Reader();
        List<StompFrames.Frame> frames = new ArrayList<>();
        for (char c : (MESSAGE_B + MESSAGE_A).toCharArray()) {
            frames.addAll(reader.feed(String.valueOf(c)));
        }

        assertThat(frames).extracting(StompFrames.Frame::body).containsExactly("67 890", "12 345");
    }

    @Test
    void heartBeatEolsBetweenFramesAndCrLfLinesAreAccepted() {
        List<StompFrames.Frame> frames = new StompFrames.Reader()
                .feed("\n\r\n" + "RECEIPT\r\nreceipt-id:subscribed\r\n\r\n\0" + "\n\n" + MESSAGE_A + "\n");

        assertThat(frames).extracting(StompFrames.Frame::command).containsExactly("RECEIPT", "MESSAGE");
        assertThat(frames.get(0).header("receipt-id")).isEqualTo("subscribed");
    }

    @Test
    void contentLengthCountsUtf8BytesAndLetsTheBodyHoldNuls() {
        // "é" is two bytes and "€" three: 1 + 2 + 1 + 3 = 7 bytes in 4 characters, one of them a NUL.
        String body = "aé\0€";
        List<StompFrames.Frame> frames =
                new StompFrames.Reader().feed("MESSAGE\ncontent-length:7\n\n" + body + "\0" + MESSAGE_A);

        assertThat(frames).extracting(StompFrames.Frame::body).containsExactly(body, "12 345");
    }

    @Test
    void headerEscapesAreDecodedExceptInConnected() {
        List<StompFrames.Frame> frames = new StompFrames.Reader()
                .feed("MESSAGE\ndestination:/topic/a\\cb\\\\c\\nd\n\nx\0CONNECTED\nserver:a\\cb\n\n\0");

        assertThat(frames.get(0).header("destination")).isEqualTo("/topic/a:b\\c\nd");
        assertThat(frames.get(1).header("server")).isEqualTo("a\\cb");
    }

    @Test
    void theFirstOfARepeatedHeaderWins() {
        List<StompFrames.Frame> frames =
                new StompFrames.Reader().feed("MESSAGE\nmessage-id:first\nmessage-id:second\n\n\0");

        assertThat(frames.get(0).header("message-id")).isEqualTo("first");
    }

    @Test
    void theDriversOwnFramesReadBackAsSent() {
        StompFrames.Reader reader = new StompFrames.Reader();
        List<StompFrames.Frame> frames = reader.feed(StompFrames.connect("127.0.0.1")
                + StompFrames.subscribe("0", "/topic/bench", "subscribed")
                + StompFrames.send("/topic/bench", "1 2\0é"));

        assertThat(frames).extracting(StompFrames.Frame::command).containsExactly("CONNECT", "SUBSCRIBE", "SEND");
        assertThat(frames.get(0).header("accept-version")).isEqualTo("1.2");
        assertThat(frames.get(0).header("heart-beat")).isEqualTo("0,0");
        assertThat(frames.get(1).headers())
                .containsEntry("destination", "/topic/bench")
                .containsEntry("ack", "auto")
                .containsEntry("receipt", "subscribed");
        assertThat(frames.get(2).body()).isEqualTo("1 2\0é");
        assertThat(frames.get(2).header("content-length")).isEqualTo("6");
    }

    @Test
    void malformedAndOversizedFramesAreRefused() {
        assertThatThrownBy(() -> new StompFrames.Reader().feed("MESSAGE\nno-colon\n\n\0"))
                .isInstanceOf(StompFrames.MalformedFrameException.class);
        assertThatThrownBy(() -> new StompFrames.Reader().feed("MESSAGE\na:\\t\n\n\0"))
                .isInstanceOf(StompFrames.MalformedFrameException.class);
        assertThatThrownBy(() -> new StompFrames.Reader().feed("MESSAGE\ncontent-length:2\n\nabc\0"))
                .isInstanceOf(StompFrames.MalformedFrameException.class);
        assertThatThrownBy(() -> new StompFrames.Reader().feed("MESSAGE\ncontent-length:-1\n\n\0"))
                .isInstanceOf(StompFrames.MalformedFrameException.class);
        assertThatThrownBy(() -> new StompFrames.Reader(64, 8).feed("MESSAGE\n\n" + "x".repeat(100)))
                .isInstanceOf(StompFrames.MalformedFrameException.class);
        assertThatThrownBy(() -> new StompFrames.Reader(1024, 2).feed("MESSAGE\na:1\nb:2\nc:3\n\n\0"))
                .isInstanceOf(StompFrames.MalformedFrameException.class);
    }
}
