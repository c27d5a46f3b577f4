package dev.switchboard.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.sse.internal.EventStream;
import org.junit.jupiter.api.Test;

class EventStreamFramingTest {

    @Test
    void singleLineDataIsOneDataFieldEndedByABlankLine() {
        assertThat(EventStream.event(null, null, "hello")).isEqualTo("data: hello\n\n");
    }

    @Test
    void everyKindOfLineBreakSplitsDataIntoSeveralDataLines() {
        assertThat(EventStream.event(null, null, "a\nb\r\nc\rd")).isEqualTo("data: a\ndata: b\ndata: c\ndata: d\n\n");
    }

    @Test
    void emptyLinesInsideDataAreKept() {
        assertThat(EventStream.event(null, null, "a\n\nb\n")).isEqualTo("data: a\ndata:\ndata: b\ndata:\n\n");
        assertThat(EventStream.event(null, null, "")).isEqualTo("data:\n\n");
    }

    @Test
    void aLeadingSpaceSurvivesTheParsersStrippingOfOneSpace() {
        assertThat(EventStream.event(null, null, " indented")).isEqualTo("data:  indented\n\n");
    }

    @Test
    void idAndEventComeBeforeTheData() {
        assertThat(EventStream.event("c=e1:5", "gap", "{}")).isEqualTo("id: c=e1:5\nevent: gap\ndata: {}\n\n");
    }

    @Test
    void idAndEventCannotBreakOutOfTheirLine() {
        assertThat(EventStream.event("a\nb\0", "x\r\ny", "d")).isEqualTo("id: a b\nevent: x y\ndata: d\n\n");
    }

    @Test
    void retryIsInMillisecondsAndCommentsStartWithAColon() {
        assertThat(EventStream.retry(3000)).isEqualTo("retry: 3000\n\n");
        assertThat(EventStream.comment("")).isEqualTo(":\n\n");
        assertThat(EventStream.comment("keep\nalive")).isEqualTo(": keep alive\n\n");
    }

    @Test
    void idOnlyBlockSetsTheLastEventIdWithoutData() {
        assertThat(EventStream.idOnly("a=e:1")).isEqualTo("id: a=e:1\n\n");
    }

    @Test
    void sgcStyleRawFieldsSeparatedByALoneCrAreNormalised() {
        assertThat(EventStream.rawFields("event: notifications \r data: Notification from server"))
                .hasValue("event: notifications\ndata: Notification from server\n\n");
    }

    @Test
    void rawIdFieldsAreDroppedBecauseTheIdIsTheResumeCursor() {
        assertThat(EventStream.rawFields("id: 1 \r data: Notification from server"))
                .hasValue("data: Notification from server\n\n");
    }

    @Test
    void textThatIsNotOnlyFieldsIsNotRawFields() {
        assertThat(EventStream.rawFields("{\"jsonrpc\":\"2.0\"}")).isEmpty();
        assertThat(EventStream.rawFields("hello world")).isEmpty();
        assertThat(EventStream.rawFields("event: only a name")).isEmpty();
        assertThat(EventStream.rawFields("data: x\nnote: y")).isEmpty();
        assertThat(EventStream.rawFields("retry: soon\ndata: x")).isEmpty();
    }

    @Test
    void linesSplitsOnCrLfCrAndLf() {
        assertThat(EventStream.lines("a\r\nb\rc\nd")).containsExactly("a", "b", "c", "d");
        assertThat(EventStream.lines("a\r\n")).containsExactly("a", "");
        assertThat(EventStream.lines("")).containsExactly("");
    }
}
