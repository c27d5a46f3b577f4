package dev.switchboard.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A permit's response headers stay within their bounds and never touch what the container computes; a header that
 * breaks a rule throws at once, where the check that built it fails.
 */
class UpgradePermitRefusesHeadersItMayNotSetTest {

    @Test
    void handshakeHeadersTheContainerComputesAreRefusedInAnyCase() {
        for (String name : List.of("Sec-WebSocket-Accept", "upgrade", "CONNECTION", "Sec-WebSocket-Protocol")) {
            assertThatThrownBy(() -> CheckResult.permit().withHeader(name, "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(name);
        }
    }

    @Test
    void aValueWithALineBreakOrANameThatIsNoTokenIsRefused() {
        assertThatThrownBy(() -> CheckResult.permit().withHeader("X-A", "one\r\nSet-Cookie: s=1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckResult.permit().withHeader("X A", "v"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckResult.Permit(
                        Optional.empty(), Map.of("X-A:", List.of("v")), Optional.empty(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCountAndByteBoundsHoldUpToTheirLimit() {
        CheckResult.Permit permit = CheckResult.permit();
        for (int i = 0; i < CheckResult.MAX_RESPONSE_HEADERS; i++) {
            permit = permit.withHeader("X-Many", "v" + i);
        }
        assertThat(permit.headers().get("X-Many")).hasSize(CheckResult.MAX_RESPONSE_HEADERS);
        CheckResult.Permit full = permit;
        assertThatThrownBy(() -> full.withHeader("X-Many", "one more")).isInstanceOf(IllegalArgumentException.class);

        String big = "v".repeat(CheckResult.MAX_RESPONSE_HEADER_BYTES - "X-Big".length());
        assertThat(CheckResult.permit().withHeader("X-Big", big).headers()).containsKey("X-Big");
        assertThatThrownBy(() -> CheckResult.permit().withHeader("X-Big", big + "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void attributesAreBoundedAndThePlainPermitChangesNothing() {
        CheckResult.Permit permit = CheckResult.permit();
        for (int i = 0; i < CheckResult.MAX_ATTRIBUTES; i++) {
            permit = permit.withAttribute("k" + i, i);
        }
        CheckResult.Permit full = permit;
        assertThatThrownBy(() -> full.withAttribute("one-more", 1)).isInstanceOf(IllegalArgumentException.class);

        assertThat(new CheckResult.Permit()).isEqualTo(CheckResult.permit()).satisfies(p -> {
            assertThat(p.subprotocol()).isEmpty();
            assertThat(p.headers()).isEmpty();
            assertThat(p.identity()).isEmpty();
            assertThat(p.attributes()).isEmpty();
        });
    }
}
