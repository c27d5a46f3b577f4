package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;

/**
 * The origin check decides on any {@code Origin} and {@code Host} header without throwing: a handshake without an
 * origin passes, a policy of {@code *} passes every origin, and an empty policy never passes an origin without a
 * host to compare it with. Input lines: origin, host, then the configured entries.
 */
class OriginPolicyDecidesEveryOriginHeaderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void handshake(FuzzedDataProvider data) {
        boolean hasOrigin = data.consumeBoolean();
        boolean hasHost = data.consumeBoolean();
        String[] lines = data.consumeRemainingAsString().split("\n", -1);
        Optional<String> origin = hasOrigin ? Optional.of(lines[0]) : Optional.empty();
        Optional<String> host = hasHost && lines.length > 1 ? Optional.of(lines[1]) : Optional.empty();
        List<String> allowed = lines.length > 2 ? List.of(lines).subList(2, lines.length) : List.of();

        boolean allows = new OriginPolicy(allowed).allows(origin, host);

        if (origin.isEmpty() || allowed.contains("*")) {
            assertThat(allows).isTrue();
        }
        if (allowed.isEmpty() && origin.isPresent() && host.isEmpty()) {
            assertThat(allows).isFalse();
        }
        assertThat(new OriginPolicy(List.of("*")).allows(origin, host)).isTrue();
    }
}
