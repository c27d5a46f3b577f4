package dev.switchboard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.ops.Drain;
import dev.switchboard.ops.DrainSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drain is the first gate: while it lasts every connection gets 503 with Retry-After, before any other gate. */
class AdmissionRefusesEveryConnectionWhileDrainingTest {

    private static final HandshakeInfo HANDSHAKE = new HandshakeInfo(
            InetSocketAddress.createUnresolved("127.0.0.1", 50000),
            InetSocketAddress.createUnresolved("127.0.0.1", 8080),
            URI.create("/"),
            Map.of(),
            Optional.empty(),
            "127.0.0.1");

    private final Drain drain = new Drain(
            Clock.systemUTC(),
            null,
            null,
            new DrainSettings(Duration.ofSeconds(30), Duration.ofSeconds(9), Duration.ofSeconds(5)),
            notice -> {});
    private final Admission admission =
            new Admission(SwitchboardConfig.builder().build(), () -> 0, List.of(), drain);

    @Test
    void aDrainRefusesWith503AndRetryAfterUntilCancelled() {
        assertThat(decide()).isInstanceOf(Admission.Permit.class);

        drain.start(Duration.ofMinutes(1), "test");

        assertThat(decide()).isInstanceOfSatisfying(Admission.Refusal.class, refusal -> {
            assertThat(refusal.gate()).isEqualTo(Admission.Gate.DRAIN);
            assertThat(refusal.status()).isEqualTo(503);
            assertThat(refusal.headers()).containsEntry("Retry-After", List.of("9"));
            assertThat(refusal.body()).contains("draining");
        });

        drain.cancel("test");
        assertThat(decide()).isInstanceOf(Admission.Permit.class);
    }

    private Admission.Verdict decide() {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> "Host".equals(args[0]) ? "localhost:8080" : null;
                    case "getRemoteAddr" -> "127.0.0.1";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return admission.decide(request, HANDSHAKE, "handshake", List.of(), Optional.empty(), Optional.empty());
    }
}
