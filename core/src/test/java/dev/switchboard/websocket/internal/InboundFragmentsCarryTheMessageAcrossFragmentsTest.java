package dev.switchboard.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.spi.InboundMessageCheck.Fragment;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The state of a message received in fragments: each fragment knows the bytes before it, whether it starts the
 * message, and the end of the text before it (so checks read across the boundary); a message past its bound is
 * refused, and so is everything after it on that connection.
 */
class InboundFragmentsCarryTheMessageAcrossFragmentsTest {

    @Test
    void eachTextFragmentKnowsTheBytesBeforeItAndTheEndOfThePreviousOne() {
        InboundFragments fragments = new InboundFragments(1000, 1000);
        Fragment first = fragments.text("héllo ", false).orElseThrow();
        Fragment second = fragments.text("wor", false).orElseThrow();
        Fragment last = fragments.text("ld", true).orElseThrow();

        assertThat(first.first()).isTrue();
        assertThat(first.offset()).isZero();
        assertThat(first.overlap()).isEmpty();
        assertThat(second.first()).isFalse();
        assertThat(second.offset()).isEqualTo(7);
        assertThat(second.overlap()).isEqualTo("héllo ");
        assertThat(last.offset()).isEqualTo(10);
        assertThat(last.overlap()).isEqualTo("héllo wor");
        assertThat(last.last()).isTrue();

        Fragment next = fragments.text("again", true).orElseThrow();
        assertThat(next.first()).isTrue();
        assertThat(next.offset()).isZero();
        assertThat(next.overlap()).isEmpty();
    }

    @Test
    void theOverlapKeepsTheLastCharactersAndNeverStartsInsideASurrogatePair() {
        String pairs = "😀".repeat(Fragment.OVERLAP);
        String overlap = InboundFragments.tail("", pairs);
        assertThat(overlap.length()).isLessThanOrEqualTo(Fragment.OVERLAP);
        assertThat(Character.isLowSurrogate(overlap.charAt(0))).isFalse();
        assertThat(InboundFragments.tail("abc", "def")).isEqualTo("abcdef");
        assertThat(InboundFragments.tail("x".repeat(Fragment.OVERLAP), "yz"))
                .hasSize(Fragment.OVERLAP)
                .endsWith("xyz");
    }

    @Test
    void aMessagePastItsBoundIsRefusedAndSoIsEverythingAfterIt() {
        InboundFragments fragments = new InboundFragments(10, 8);
        assertThat(fragments.binary(ByteBuffer.allocate(5), false)).isPresent();
        assertThat(fragments.binary(ByteBuffer.allocate(4), false)).isEmpty();
        assertThat(fragments.binary(ByteBuffer.allocate(1), true)).isEmpty();
        assertThat(fragments.text("small", true)).isEmpty();
    }
}
