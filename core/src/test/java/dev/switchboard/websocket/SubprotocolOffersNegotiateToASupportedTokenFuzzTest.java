package dev.switchboard.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.websocket.SubprotocolNegotiator.Negotiation;
import dev.switchboard.websocket.SubprotocolNegotiator.NoOverlap;
import dev.switchboard.websocket.SubprotocolNegotiator.NoneOffered;
import dev.switchboard.websocket.SubprotocolNegotiator.Selected;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Timeout;

/**
 * Any {@code Sec-WebSocket-Protocol} header values (one per input line) split into trimmed, non-empty tokens without
 * commas, and negotiation selects a token the client offered that is supported (or ends with a prefixable one), or
 * says none was offered, or lists the offer; it never throws.
 */
class SubprotocolOffersNegotiateToASupportedTokenFuzzTest {

    private static final Set<String> SUPPORTED = Set.of("esegece.com", "wamp.2.json", "v12.stomp", "mqtt");
    private static final Set<String> PREFIXABLE = Set.of("presence.esegece.com");

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void offer(FuzzedDataProvider data) {
        List<String> headerValues = List.of(data.consumeRemainingAsString().split("\n", -1));
        List<String> tokens = SubprotocolNegotiator.parseOffer(headerValues);
        for (String token : tokens) {
            assertThat(token).isNotEmpty().doesNotContain(",").isEqualTo(token.trim());
        }
        Negotiation outcome = new SubprotocolNegotiator(SUPPORTED, PREFIXABLE).negotiate(headerValues);
        switch (outcome) {
            case Selected selected -> {
                assertThat(tokens).contains(selected.name());
                assertThat(SUPPORTED.contains(selected.name())
                                || selected.name().endsWith("presence.esegece.com"))
                        .isTrue();
            }
            case NoneOffered none -> assertThat(tokens).isEmpty();
            case NoOverlap noOverlap -> {
                assertThat(noOverlap.offered()).isEqualTo(tokens);
                assertThat(tokens).noneMatch(SUPPORTED::contains);
            }
        }
    }
}
