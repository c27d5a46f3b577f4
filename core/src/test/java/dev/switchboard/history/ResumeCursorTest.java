package dev.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.spi.HistoryStore.Position;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResumeCursorTest {

    @Test
    void formatAndParseRoundTripChannelsWithAnyCharacters() {
        ResumeCursor cursor = ResumeCursor.empty()
                .with("news", new Position("k3x9a2", 57))
                .with("chat/room 1&x=y:z,é", new Position("p0a7zz", 3));

        String token = cursor.format();
        ResumeCursor parsed = ResumeCursor.parse(token);

        assertThat(token).doesNotContain("\n", "\r", "\0", " ");
        assertThat(token).startsWith("news=k3x9a2:57&");
        assertThat(parsed.positions()).isEqualTo(cursor.positions());
        assertThat(parsed.malformed()).isFalse();
    }

    @Test
    void aLaterPositionReplacesTheEarlierOneOfTheSameChannel() {
        ResumeCursor cursor = ResumeCursor.empty()
                .with("a", new Position("e1", 1))
                .with("b", new Position("e2", 9))
                .with("a", new Position("e1", 2));

        assertThat(cursor.format()).isEqualTo("a=e1:2&b=e2:9");
    }

    @Test
    void foreignIdsAreMarkedMalformedAndYieldNoPositions() {
        assertThat(ResumeCursor.parse("42").malformed()).isTrue();
        assertThat(ResumeCursor.parse("42").isEmpty()).isTrue();
        assertThat(ResumeCursor.parse("a=b:c").malformed()).isTrue();
        assertThat(ResumeCursor.parse("a=e!:1").malformed()).isTrue();
        assertThat(ResumeCursor.parse(null).malformed()).isFalse();
        assertThat(ResumeCursor.parse("  ").isEmpty()).isTrue();
    }

    @Test
    void goodEntriesSurviveNextToBadOnes() {
        ResumeCursor cursor = ResumeCursor.parse("x=e1:5&garbage");

        assertThat(cursor.get("x")).isEqualTo(Optional.of(new Position("e1", 5)));
        assertThat(cursor.malformed()).isTrue();
    }
}
