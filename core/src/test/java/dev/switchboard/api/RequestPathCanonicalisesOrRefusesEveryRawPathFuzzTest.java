package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Timeout;

/**
 * Every raw request path either canonicalises or is refused with {@link AmbiguousPathException}. A canonical path
 * starts with {@code /}, has no empty, {@code .} or {@code ..} segment, and {@link RequestPath#encode} of it
 * canonicalises back to itself (for raw paths that are well-formed text, which is all a servlet container hands
 * over).
 */
class RequestPathCanonicalisesOrRefusesEveryRawPathFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void canonicalise(FuzzedDataProvider data) {
        String raw = data.consumeRemainingAsString();
        String canonical;
        try {
            canonical = RequestPath.canonicalise(raw);
        } catch (AmbiguousPathException e) {
            return;
        }
        assertThat(canonical).startsWith("/");
        String inner = canonical.endsWith("/")
                ? canonical.substring(1, Math.max(1, canonical.length() - 1))
                : canonical.substring(1);
        if (!inner.isEmpty()) {
            assertThat(Arrays.asList(inner.split("/", -1))).doesNotContain("", ".", "..");
        }
        if (wellFormed(canonical)) {
            assertThat(RequestPath.canonicalise(RequestPath.encode(canonical)))
                    .as("encode(%s)", canonical)
                    .isEqualTo(canonical);
        }
    }

    private static boolean wellFormed(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text);
    }
}
