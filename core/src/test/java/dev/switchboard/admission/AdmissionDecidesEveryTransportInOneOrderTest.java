package dev.switchboard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.UpgradeCheck;
import dev.switchboard.spi.UpgradeRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The one admission decision: limit (503), origin (403), the transport's own refusal (400), then the upgrade
 * checks, each later gate asked only when the earlier ones pass.
 */
class AdmissionDecidesEveryTransportInOneOrderTest {

    private static final SwitchboardConfig CONFIG = SwitchboardConfig.builder()
            .maxConnections(2)
            .allowedOrigins(List.of("http://portal.test:*"))
            .build();
    private static final HandshakeInfo HANDSHAKE = new HandshakeInfo(
            InetSocketAddress.createUnresolved("127.0.0.1", 50000),
            InetSocketAddress.createUnresolved("127.0.0.1", 8080),
            URI.create("/private"),
            Map.of(),
            Optional.empty(),
            "127.0.0.1");
    private static final Admission.Refusal BAD_REQUEST = new Admission.Refusal(400, "Bad channel: x");

    private final AtomicInteger open = new AtomicInteger();
    private final List<UpgradeRequest> asked = new ArrayList<>();
    private final UpgradeCheck tokenCheck = request -> {
        asked.add(request);
        return CheckResult.reject(401, Map.of("WWW-Authenticate", List.of("Bearer")), "token required");
    };
    private final Admission admission = new Admission(CONFIG, open::get, List.of(tokenCheck));

    @Test
    void theConnectionLimitRefusesFirstWith503() {
        open.set(2);

        Admission.Verdict verdict = decide("http://evil.test", Optional.of(BAD_REQUEST));

        assertThat(verdict).isInstanceOfSatisfying(Admission.Refusal.class, refusal -> {
            assertThat(refusal.status()).isEqualTo(503);
            assertThat(refusal.gate()).isEqualTo(Admission.Gate.LIMIT);
            assertThat(refusal.originAllowed()).isFalse();
        });
        assertThat(asked).isEmpty();
    }

    @Test
    void aForeignOriginIsRefusedWith403BeforeTheRequestIsLookedAt() {
        Admission.Verdict verdict = decide("http://evil.test", Optional.of(BAD_REQUEST));

        assertThat(verdict).isInstanceOfSatisfying(Admission.Refusal.class, refusal -> {
            assertThat(refusal.status()).isEqualTo(403);
            assertThat(refusal.body()).isEqualTo("Origin not allowed: http://evil.test");
            assertThat(refusal.originAllowed()).isFalse();
        });
    }

    @Test
    void theTransportsOwnRefusalComesBeforeTheUpgradeChecks() {
        Admission.Verdict verdict = decide("http://portal.test:4200", Optional.of(BAD_REQUEST));

        assertThat(verdict).isSameAs(BAD_REQUEST);
        assertThat(BAD_REQUEST.originAllowed()).isTrue();
        assertThat(asked).isEmpty();
    }

    @Test
    void anUpgradeCheckRefusesWithItsStatusHeadersAndBodyAndSeesTheChosenSubprotocol() {
        Admission.Verdict verdict = decide(null, Optional.empty());

        assertThat(verdict)
                .isEqualTo(new Admission.Refusal(
                        Admission.Gate.CHECK, 401, Map.of("WWW-Authenticate", List.of("Bearer")), "token required"));
        assertThat(asked).singleElement().satisfies(request -> {
            assertThat(request.requestUri().getPath()).isEqualTo("/private");
            assertThat(request.subprotocol()).contains("esegece.com");
        });
    }

    @Test
    void withoutChecksEveryGatePassedMeansPermit() {
        Admission open = new Admission(CONFIG, () -> 0, List.of(request -> CheckResult.notApplicable()));

        assertThat(open.decide(
                        request("http://portal.test"),
                        HANDSHAKE,
                        "handshake",
                        List.of(),
                        Optional.empty(),
                        Optional.empty()))
                .isInstanceOf(Admission.Permit.class);
    }

    private Admission.Verdict decide(String origin, Optional<Admission.Refusal> malformed) {
        return admission.decide(
                request(origin), HANDSHAKE, "handshake", List.of("esegece.com"), Optional.of("esegece.com"), malformed);
    }

    /** A request that answers only what admission reads: its Origin and Host headers and remote address. */
    private static HttpServletRequest request(String origin) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> "Origin".equals(args[0]) ? origin : "localhost:8080";
                    case "getRemoteAddr" -> "127.0.0.1";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
