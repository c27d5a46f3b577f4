package dev.switchboard.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * What the firewall reads from a client (query strings and messages, the forwarding header's hops) is handled
 * without an exception and within bounds: normalising any text returns at most the requested number of characters,
 * every built-in detector rule decides on the result in linear time, and a hop either names an address or none.
 */
class FirewallInputsNormaliseAndMatchWithinBoundsFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void detectors(FuzzedDataProvider data) {
        int maxChars = data.consumeInt(1, Normaliser.DEFAULT_MAX_CHARS);
        String text = data.consumeRemainingAsString();
        String normalised = Normaliser.normalise(text, maxChars);
        assertThat(normalised.length()).isLessThanOrEqualTo(maxChars);
        String compact = Normaliser.compact(normalised);
        assertThat(compact.length()).isLessThanOrEqualTo(normalised.length());
        for (Detector detector : Detector.values()) {
            detector.matches(normalised, compact, List.of());
        }
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void forwardedHop(FuzzedDataProvider data) {
        String hop = data.consumeRemainingAsString();
        assertThat(ClientAddresses.hopAddress(hop)).isNotNull();
    }
}
