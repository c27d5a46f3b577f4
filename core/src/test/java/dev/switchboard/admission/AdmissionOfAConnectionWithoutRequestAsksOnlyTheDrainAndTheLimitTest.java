package dev.switchboard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.ops.Drain;
import dev.switchboard.ops.DrainSettings;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.UpgradeCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A connection without an HTTP request (a plain TCP socket) meets the drain and the connection limit, in that order,
 * and nothing that judges a request: no origin policy, no upgrade check.
 */
class AdmissionOfAConnectionWithoutRequestAsksOnlyTheDrainAndTheLimitTest {

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger checksAsked = new AtomicInteger();
    private final UpgradeCheck refuseAll = request -> {
        checksAsked.incrementAndGet();
        return CheckResult.reject(401, Map.of(), "token required");
    };
    private final Drain drain = new Drain(
            Clock.systemUTC(),
            null,
            null,
            new DrainSettings(Duration.ofSeconds(30), Duration.ofSeconds(9), Duration.ofSeconds(5)),
            notice -> {});
    private final Admission admission = new Admission(
            SwitchboardConfig.builder()
                    .maxConnections(2)
                    .allowedOrigins(List.of("http://portal.test"))
                    .build(),
            open::get,
            List.of(refuseAll),
            drain);

    @Test
    void belowTheLimitItIsPermittedWithoutAskingTheUpgradeChecks() {
        open.set(1);

        assertThat(admission.decideWithoutRequest("MQTT TCP connection", "127.0.0.1"))
                .isInstanceOf(Admission.Permit.class);
        assertThat(checksAsked).hasValue(0);
    }

    @Test
    void atTheLimitItIsRefused() {
        open.set(2);

        assertThat(admission.decideWithoutRequest("MQTT TCP connection", "127.0.0.1"))
                .isInstanceOfSatisfying(Admission.Refusal.class, refusal -> {
                    assertThat(refusal.gate()).isEqualTo(Admission.Gate.LIMIT);
                    assertThat(refusal.status()).isEqualTo(503);
                });
    }

    @Test
    void duringADrainItIsRefusedBeforeTheLimitIsCounted() {
        open.set(2);
        drain.start(Duration.ofMinutes(1), "test");

        assertThat(admission.decideWithoutRequest("MQTT TCP connection", "127.0.0.1"))
                .isInstanceOfSatisfying(
                        Admission.Refusal.class,
                        refusal -> assertThat(refusal.gate()).isEqualTo(Admission.Gate.DRAIN));

        drain.cancel("test");
        open.set(0);
        assertThat(admission.decideWithoutRequest("MQTT TCP connection", "127.0.0.1"))
                .isInstanceOf(Admission.Permit.class);
    }
}
