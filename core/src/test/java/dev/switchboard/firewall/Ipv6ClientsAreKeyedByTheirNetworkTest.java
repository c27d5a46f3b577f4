package dev.switchboard.firewall;

import static dev.switchboard.firewall.FirewallFixtures.connection;
import static dev.switchboard.firewall.FirewallFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.firewall.internal.BanStore;
import dev.switchboard.spi.InboundMessageCheck;
import dev.switchboard.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Unit-level companion of the embedded IPv6 test: every per-address table and the bans use the /64 key. */
class Ipv6ClientsAreKeyedByTheirNetworkTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void ipv6AddressesAreKeyedByTheirSlash64AndIpv4ByTheAddress() {
        Firewall firewall = FirewallFixtures.firewall(Map.of(), clock);
        assertThat(firewall.keyOf(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(firewall.keyOf(ip("::ffff:192.0.2.1"))).isEqualTo("192.0.2.1");
        assertThat(firewall.keyOf("2001:db8:1:2::/64")).contains("2001:db8:1:2:0:0:0:0/64");
        assertThat(firewall.keyOf("2001:db8:1:2::/48"))
                .as("another prefix than configured")
                .isEmpty();
        assertThat(firewall.keyOf("not an address")).isEmpty();
    }

    @Test
    void thePrefixIsConfigurableAnd128CountsEveryAddress() {
        Firewall perAddress = FirewallFixtures.firewall(Map.of(ConfigKeys.FIREWALL_IPV6_PREFIX, "128"), clock);
        assertThat(perAddress.keyOf(ip("2001:db8::1"))).isEqualTo("2001:db8:0:0:0:0:0:1");
        Firewall per56 = FirewallFixtures.firewall(Map.of(ConfigKeys.FIREWALL_IPV6_PREFIX, "56"), clock);
        assertThat(per56.keyOf(ip("2001:db8:1:2ff::1"))).isEqualTo("2001:db8:1:200:0:0:0:0/56");
        assertThatThrownBy(() -> FirewallFixtures.settings(Map.of(ConfigKeys.FIREWALL_IPV6_PREFIX, "129")))
                .hasMessageContaining(ConfigKeys.FIREWALL_IPV6_PREFIX);
    }

    @Test
    void floodAndConcurrentCapsCountTheWholeSlash64() {
        Firewall firewall = FirewallFixtures.firewall(
                Map.of(
                        ConfigKeys.FIREWALL_FLOOD_ENABLED,
                        "true",
                        ConfigKeys.FIREWALL_FLOOD_MAX,
                        "2",
                        ConfigKeys.FIREWALL_CONCURRENT_ENABLED,
                        "true",
                        ConfigKeys.FIREWALL_CONCURRENT_MAX,
                        "2"),
                clock);
        firewall.opened(connection("a", "2001:db8::a"));
        firewall.opened(connection("b", "2001:db8::b"));
        assertThat(firewall.openConnections("2001:db8::c")).isEqualTo(2);
        assertThat(firewall.admit(ip("2001:db8::c"), true))
                .get()
                .extracting(Refusal::rule)
                .isEqualTo(Firewall.RULE_CONCURRENT);
        assertThat(firewall.admit(ip("2001:db8:0:1::c"), true)).isEmpty();
        assertThat(firewall.checkText(connection("a", "2001:db8::a"), "1"))
                .isEqualTo(InboundMessageCheck.Verdict.ACCEPT);
        assertThat(firewall.checkText(connection("b", "2001:db8::b"), "2"))
                .isEqualTo(InboundMessageCheck.Verdict.ACCEPT);
        assertThat(firewall.checkText(connection("b", "2001:db8::b"), "3"))
                .isInstanceOf(InboundMessageCheck.Verdict.Refuse.class);
    }

    @Test
    void failuresScoresAndBansHoldForTheSlash64() {
        Firewall firewall = FirewallFixtures.firewall(
                Map.of(
                        ConfigKeys.FIREWALL_BRUTE_FORCE_MAX_ATTEMPTS,
                        "3",
                        ConfigKeys.FIREWALL_THREAT_SCORE_ENABLED,
                        "true",
                        ConfigKeys.FIREWALL_DENY,
                        "2001:db8:9::1"),
                clock);
        firewall.registerFailedAttempt(ip("2001:db8::1"));
        firewall.registerFailedAttempt(ip("2001:db8::2"));
        assertThat(firewall.registerFailedAttempt(ip("2001:db8::3"))).isTrue();
        assertThat(firewall.isBanned("2001:db8::ffff")).isTrue();
        assertThat(firewall.bans()).extracting(Ban::address).containsExactly("2001:db8:0:0:0:0:0:0/64");
        assertThat(firewall.admit(ip("2001:db8::4"), false))
                .get()
                .extracting(Refusal::rule)
                .isEqualTo(Firewall.RULE_BAN);
        assertThat(firewall.unban("2001:db8::77"))
                .as("unbanning any address of it lifts the /64 ban")
                .isTrue();

        firewall.admit(ip("2001:db8:9::1"), false);
        assertThat(firewall.threatScore("2001:db8:9::2"))
                .as("the deny refusal scored the /64")
                .isEqualTo(10.0);
    }

    @Test
    void aStoredBanOfAFullIpv6AddressCoversItsSlash64AfterARestart() {
        BanStore store = new BanStore() {
            @Override
            public List<Ban> load() {
                return List.of(new Ban(
                        "2001:db8:0:0:0:0:0:1",
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Optional.empty(),
                        "from before"));
            }

            @Override
            public void save(Ban ban) {}

            @Override
            public void delete(String address) {}
        };
        Firewall firewall = new Firewall(FirewallFixtures.settings(Map.of()), clock, store);
        assertThat(firewall.isBanned("2001:db8::2")).isTrue();
        clock.advance(Duration.ofDays(1));
        assertThat(firewall.bans()).extracting(Ban::address).containsExactly("2001:db8:0:0:0:0:0:0/64");
    }
}
