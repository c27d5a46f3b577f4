package dev.switchboard.json;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.StringReader;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The one JSON string quoting of core: what it escapes, and that a JSON parser reads back every text. */
class JsonStringsQuoteEveryCharacterJsonNeedsEscapedTest {

    @Test
    void plainTextIsOnlyQuoted() {
        assertThat(JsonStrings.quote("")).isEqualTo("\"\"");
        assertThat(JsonStrings.quote("hello, wörld ✓ 😀")).isEqualTo("\"hello, wörld ✓ 😀\"");
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        assertThat(JsonStrings.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(JsonStrings.quote("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
        assertThat(JsonStrings.quote("\u0000\u001f\u007f")).isEqualTo("\"\\u0000\\u001f\u007f\"");
        assertThat(JsonStrings.quote("line\u2028para\u2029")).isEqualTo("\"line\\u2028para\\u2029\"");
    }

    @Test
    void appendingAddsToWhatIsThere() {
        StringBuilder line = new StringBuilder("{\"message\":");
        JsonStrings.appendQuoted(line, "x\ny").append('}');
        assertThat(line).hasToString("{\"message\":\"x\\ny\"}");
    }

    @Property(tries = 500)
    void aJsonParserReadsBackEveryText(@ForAll String text) {
        try (JsonReader reader = Json.createReader(new StringReader("[" + JsonStrings.quote(text) + "]"))) {
            assertThat(reader.readArray().getString(0)).isEqualTo(text);
        }
    }
}
