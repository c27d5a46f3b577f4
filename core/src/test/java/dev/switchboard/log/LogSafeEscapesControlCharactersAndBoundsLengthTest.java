package dev.switchboard.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogSafeEscapesControlCharactersAndBoundsLengthTest {

    @Test
    void lineBreaksBecomeVisibleEscapesSoNoValueStartsALine() {
        String forged = "mallory\r\n2026-12-05 INFO Authentication succeeded for admin";
        String safe = LogSafe.of(forged);
        assertThat(safe)
                .doesNotContain("\r")
                .doesNotContain("\n")
                .isEqualTo("mallory\\r\\n2026-12-05 INFO Authentication succeeded for admin");
    }

    @Test
    void otherControlCharactersSeparatorsAndBidiOverridesAreEscaped() {
        assertThat(LogSafe.of("a\tb\u0000c\u001bd\u007fe\u0085f\u2028g\u2029h\u202ei\u2066j"))
                .isEqualTo("a\\tb\\u0000c\\u001bd\\u007fe\\u0085f\\u2028g\\u2029h\\u202ei\\u2066j");
    }

    @Test
    void aBackslashIsEscapedSoAnEscapeInTheLogAlwaysMeansTheCharacter() {
        assertThat(LogSafe.of("typed \\n by hand")).isEqualTo("typed \\\\n by hand");
    }

    @Test
    void ordinaryTextIsLeftAsItIs() {
        String text = "news.eu/Zürich 東京 /sse?channel=a&b=c";
        assertThat(LogSafe.of(text)).isSameAs(text);
    }

    @Test
    void aLongValueIsCutAndSaysHowMuchWasCut() {
        String safe = LogSafe.of("x".repeat(LogSafe.MAX_LENGTH + 1000));
        assertThat(safe)
                .startsWith("x".repeat(LogSafe.MAX_LENGTH))
                .endsWith("...(1000 more chars)")
                .hasSize(LogSafe.MAX_LENGTH + "...(1000 more chars)".length());
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        String text = "x".repeat(LogSafe.MAX_LENGTH - 1) + "\uD83D\uDE00" + "tail";
        String safe = LogSafe.of(text);
        assertThat(safe).startsWith("x".repeat(LogSafe.MAX_LENGTH - 1) + "...(");
        assertThat(Character.isHighSurrogate(safe.charAt(LogSafe.MAX_LENGTH - 2)))
                .isFalse();
    }

    @Test
    void anyObjectIsRenderedThroughItsTextAndNullAsNull() {
        assertThat(LogSafe.of(List.of("a\nb", "c"))).isEqualTo("[a\\nb, c]");
        assertThat(LogSafe.of(null)).isEqualTo("null");
    }
}
