package dev.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.channel.ChannelNames.InvalidChannelException;
import dev.switchboard.channel.ChannelNames.Limits;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * A client's channel spec parses into distinct canonical names that respect every limit, or is refused with
 * {@link InvalidChannelException}; a mask compiles into a {@link Glob} whose matching finishes in linear time and
 * agrees between its string and code point forms.
 */
class ChannelSpecsParseWithinTheirLimitsFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void channelList(FuzzedDataProvider data) {
        Limits limits = new Limits(data.consumeInt(1, 300), data.consumeInt(0, 20), data.consumeInt(1, 70));
        boolean masks = data.consumeBoolean();
        String spec = data.consumeRemainingAsString();
        List<String> names;
        try {
            names = ChannelNames.parseList(spec, limits, masks);
        } catch (InvalidChannelException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(names).hasSizeLessThanOrEqualTo(limits.maxListSize());
        assertThat(new HashSet<>(names)).hasSameSizeAs(names);
        for (String name : names) {
            assertThat(name).isNotEmpty().hasSizeLessThanOrEqualTo(limits.maxLength());
            assertThat(ChannelNames.canonical(name)).isEqualTo(name);
            ChannelNames.check(name, limits, masks);
        }
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void maskMatching(FuzzedDataProvider data) {
        String pattern = data.consumeString(300);
        String name = data.consumeRemainingAsString();
        Glob glob = Glob.compile(pattern);
        boolean matches = glob.matches(name);
        assertThat(glob.matches(name.codePoints().toArray())).isEqualTo(matches);
        if (!Glob.hasWildcards(pattern)) {
            assertThat(Glob.compile(pattern).matches(pattern)).isTrue();
        }
        if (glob.isPrefixStar() && matches) {
            assertThat(name).startsWith(glob.literalPrefix());
        }
    }
}
