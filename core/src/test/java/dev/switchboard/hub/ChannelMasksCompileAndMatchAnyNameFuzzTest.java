package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.channel.ChannelNames;
import org.junit.jupiter.api.Timeout;

/**
 * Any mask a client subscribes with compiles (an unclosed {@code [} is literal) and matches any name in linear
 * time; a name without wildcards matches itself unless it is a reserved channel name, which no mask reaches.
 */
class ChannelMasksCompileAndMatchAnyNameFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void mask(FuzzedDataProvider data) {
        boolean groups = data.consumeBoolean();
        String mask = data.consumeString(300);
        String name = data.consumeRemainingAsString();
        ChannelMask compiled = groups ? ChannelMask.compileForGroups(mask) : ChannelMask.compile(mask);
        boolean matches = compiled.matches(name);
        assertThat(compiled.matches(ChannelNames.foldedCodePoints(ChannelNames.canonical(name))))
                .isEqualTo(matches);
        // Reserved channels (queues, users' and internal ones) are reached only by their exact name, never a mask.
        boolean reserved = ChannelNames.isReserved(ChannelNames.fold(ChannelNames.canonical(mask)));
        if (!ChannelMask.isMask(mask) && (groups || !reserved)) {
            assertThat(compiled.matches(mask)).isTrue();
        }
    }
}
