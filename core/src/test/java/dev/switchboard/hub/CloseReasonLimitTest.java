package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseReasonLimitTest {

    @Test
    void reasonsAreCutTo123BytesWithoutSplittingACharacter() {
        String reason = "é".repeat(100);
        String cut = BaseConnection.truncateReason(reason);
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isEqualTo(122);
        assertThat(cut).isEqualTo("é".repeat(61));
    }

    @Test
    void shortReasonsAndNullAreKept() {
        assertThat(BaseConnection.truncateReason("bye")).isEqualTo("bye");
        assertThat(BaseConnection.truncateReason(null)).isEmpty();
    }

    @Test
    void utf8LengthCountsALoneSurrogateAsTheQuestionMarkItIsWrittenAs() {
        for (String text : new String[] {"a\uD800b", "\uDC00", "x\uD83D"}) {
            assertThat(BaseConnection.utf8Length(text))
                    .as(text)
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void utf8LengthCountsSurrogatePairsAsFourBytes() {
        String text = "a\u00e9\u20ac\uD83D\uDE00";
        assertThat(BaseConnection.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }
}
