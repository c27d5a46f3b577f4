package dev.switchboard.firewall;

import static dev.switchboard.firewall.FirewallFixtures.connection;
import static dev.switchboard.firewall.FirewallFixtures.firewall;
import static dev.switchboard.firewall.FirewallFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.spi.InboundMessageCheck.Verdict;
import dev.switchboard.testing.MutableClock;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateFloodAndPayloadLimitsTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void connectionRateRefusesWith429AndARetryAfterUntilTheWindowEnds() {
        Firewall firewall = firewall(
                Map.of(
                        ConfigKeys.FIREWALL_CONNECTION_RATE_ENABLED,
                        "true",
                        ConfigKeys.FIREWALL_CONNECTION_RATE_MAX,
                        "2",
                        ConfigKeys.FIREWALL_CONNECTION_RATE_WINDOW,
                        "60"),
                clock);
        assertThat(firewall.admit(ip("192.0.2.1"), true)).isEmpty();
        assertThat(firewall.admit(ip("192.0.2.1"), true)).isEmpty();
        assertThat(firewall.admit(ip("192.0.2.1"), false))
                .as("plain requests are not connections")
                .isEmpty();
        Refusal refusal = firewall.admit(ip("192.0.2.1"), true).orElseThrow();
        assertThat(refusal.status()).isEqualTo(429);
        assertThat(refusal.retryAfterSeconds()).isEqualTo(60);
        assertThat(firewall.admit(ip("192.0.2.2"), true))
                .as("other addresses unaffected")
                .isEmpty();
        clock.advance(Duration.ofSeconds(45));
        assertThat(firewall.admit(ip("192.0.2.1"), true).orElseThrow().retryAfterSeconds())
                .isEqualTo(15);
        clock.advance(Duration.ofSeconds(15));
        assertThat(firewall.admit(ip("192.0.2.1"), true)).isEmpty();
    }

    @Test
    void concurrentCapCountsOpenConnectionsPerAddress() {
        Firewall firewall = firewall(
                Map.of(ConfigKeys.FIREWALL_CONCURRENT_ENABLED, "true", ConfigKeys.FIREWALL_CONCURRENT_MAX, "2"), clock);
        Connection a = connection("a", "192.0.2.1");
        firewall.opened(a);
        firewall.opened(connection("b", "192.0.2.1"));
        assertThat(firewall.admit(ip("192.0.2.1"), true))
                .get()
                .extracting(Refusal::rule)
                .isEqualTo(Firewall.RULE_CONCURRENT);
        firewall.closed(a);
        assertThat(firewall.admit(ip("192.0.2.1"), true)).isEmpty();
    }

    @Test
    void floodIsCountedPerAddressAcrossConnectionsAndResetsEverySecond() {
        Firewall firewall =
                firewall(Map.of(ConfigKeys.FIREWALL_FLOOD_ENABLED, "true", ConfigKeys.FIREWALL_FLOOD_MAX, "50"), clock);
        Connection one = connection("one", "192.0.2.1");
        Connection two = connection("two", "192.0.2.1");
        firewall.opened(one);
        firewall.opened(two);
        for (int i = 0; i < 50; i++) {
            assertThat(firewall.checkText(i % 2 == 0 ? one : two, "m")).isEqualTo(Verdict.ACCEPT);
        }
        assertThat(firewall.checkText(two, "m"))
                .isEqualTo(new Verdict.Refuse(CloseCodes.POLICY_VIOLATION, "Message flood"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(firewall.checkText(one, "m")).isEqualTo(Verdict.ACCEPT);
        assertThat(firewall.counters()).containsEntry(Firewall.RULE_FLOOD, 1L);
    }

    @Test
    void floodInLogModeDeliversAndCounts() {
        Firewall firewall = firewall(
                Map.of(
                        ConfigKeys.FIREWALL_FLOOD_ENABLED,
                        "true",
                        ConfigKeys.FIREWALL_FLOOD_MAX,
                        "1",
                        ConfigKeys.FIREWALL_FLOOD_ACTION,
                        "log"),
                clock);
        Connection one = connection("one", "192.0.2.1");
        firewall.checkText(one, "m");
        assertThat(firewall.checkText(one, "m")).isEqualTo(Verdict.ACCEPT);
        assertThat(firewall.counters()).containsEntry("flood-logged", 1L);
    }

    @Test
    void payloadOverTheLimitIsRefusedWith1009CountingUtf8Bytes() {
        Firewall firewall = firewall(
                Map.of(ConfigKeys.FIREWALL_PAYLOAD_ENABLED, "true", ConfigKeys.FIREWALL_PAYLOAD_MAX_BYTES, "10"),
                clock);
        Connection one = connection("one", "192.0.2.1");
        assertThat(firewall.checkText(one, "0123456789")).isEqualTo(Verdict.ACCEPT);
        assertThat(firewall.checkText(one, "ééééé")).isEqualTo(Verdict.ACCEPT);
        assertThat(firewall.checkText(one, "éééééé")).isInstanceOf(Verdict.Refuse.class);
        assertThat(firewall.checkBinary(one, ByteBuffer.allocate(11)))
                .isEqualTo(new Verdict.Refuse(CloseCodes.MESSAGE_TOO_BIG, "Message too big"));
    }

    @Test
    void allowListedAddressesSkipMessageChecks() {
        Firewall firewall = firewall(
                Map.of(
                        ConfigKeys.FIREWALL_PAYLOAD_ENABLED,
                        "true",
                        ConfigKeys.FIREWALL_PAYLOAD_MAX_BYTES,
                        "1",
                        ConfigKeys.FIREWALL_ALLOW,
                        "192.0.2.1"),
                clock);
        assertThat(firewall.checkText(connection("one", "192.0.2.1"), "long message"))
                .isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void perAddressStateStaysBoundedUnderAddressCycling() {
        Firewall firewall = firewall(
                Map.of(
                        ConfigKeys.FIREWALL_CONNECTION_RATE_ENABLED,
                        "true",
                        ConfigKeys.FIREWALL_MAX_TRACKED_ADDRESSES,
                        "100"),
                clock);
        for (int i = 0; i < 10_000; i++) {
            firewall.admit(ip("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)), true);
        }
        assertThat(firewall.trackedAddresses()).isLessThanOrEqualTo(100);
    }
}
