package dev.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Any SSE {@code Last-Event-ID} header (or {@code lastEventId} query parameter) reads into a cursor without an
 * exception, skipping what does not parse; the cursor prints as a token without CR, LF or NUL (an SSE id must not
 * hold them) that reads back into the same positions.
 */
class ResumeCursorsFromClientsParseAndPrintSafelyFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void lastEventId(FuzzedDataProvider data) {
        String token = data.consumeRemainingAsString();
        ResumeCursor cursor = ResumeCursor.parse(token);
        String printed = cursor.format();
        assertThat(printed).doesNotContain("\r", "\n", "\0");
        ResumeCursor again = ResumeCursor.parse(printed);
        assertThat(again.positions()).isEqualTo(cursor.positions());
        assertThat(again.malformed()).isFalse();
    }
}
