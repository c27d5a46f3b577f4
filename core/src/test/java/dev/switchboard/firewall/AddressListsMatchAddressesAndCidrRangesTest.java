package dev.switchboard.firewall;

import static dev.switchboard.firewall.FirewallFixtures.firewall;
import static dev.switchboard.firewall.FirewallFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.MutableClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressListsMatchAddressesAndCidrRangesTest {

    @Test
    void ipv4AndIpv6RangesMatchTheirMembersOnly() {
        AddressSet set =
                AddressSet.parse(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.1.7", "2001:db8::/32", "fe80::/10"));
        assertThat(set.contains(ip("10.255.1.2"))).isTrue();
        assertThat(set.contains(ip("11.0.0.1"))).isFalse();
        assertThat(set.contains(ip("172.31.255.255"))).isTrue();
        assertThat(set.contains(ip("172.32.0.0"))).isFalse();
        assertThat(set.contains(ip("192.168.1.7"))).isTrue();
        assertThat(set.contains(ip("192.168.1.8"))).isFalse();
        assertThat(set.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(set.contains(ip("2001:db9::1"))).isFalse();
        assertThat(set.contains(ip("febf::1"))).isTrue();
        assertThat(set.contains(ip("::ffff:10.1.2.3")))
                .as("IPv4-mapped IPv6 matches IPv4 ranges")
                .isTrue();
    }

    @Test
    void anythingButAnIpLiteralIsRefusedWithoutAskingDns() {
        assertThatThrownBy(() -> AddressSet.parse(List.of("example.com"))).hasMessageContaining("example.com");
        assertThatThrownBy(() -> AddressSet.parse(List.of("10.0.0.0/33"))).hasMessageContaining("out of range");
        assertThatThrownBy(() -> AddressSet.parse(List.of("10.1"))).hasMessageContaining("10.1");
        assertThat(AddressSet.literal("[::1]")).contains(ip("::1"));
    }

    @Test
    void theSeedsExampleAllowWinsOverDenyAndOthersProceed() {
        Firewall firewall = firewall(
                Map.of(ConfigKeys.FIREWALL_DENY, "10.0.0.0/8", ConfigKeys.FIREWALL_ALLOW, "10.1.1.50"),
                new MutableClock());
        assertThat(firewall.admit(ip("10.1.1.50"), true)).isEmpty();
        assertThat(firewall.admit(ip("10.2.3.4"), true))
                .get()
                .satisfies(r -> assertThat(r.status()).isEqualTo(403))
                .satisfies(r -> assertThat(r.rule()).isEqualTo(Firewall.RULE_DENY));
        assertThat(firewall.admit(ip("192.168.1.1"), true)).isEmpty();
        assertThat(firewall.counters()).containsEntry(Firewall.RULE_DENY, 1L);
    }

    @Test
    void aBadListFailsNamingTheKey() {
        assertThatThrownBy(() -> FirewallFixtures.settings(Map.of(ConfigKeys.FIREWALL_DENY, "10.0.0.0/8, nope")))
                .hasMessageContaining(ConfigKeys.FIREWALL_DENY)
                .hasMessageContaining("nope");
    }
}
