package dev.switchboard.firewall;

import static dev.switchboard.firewall.FirewallFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.firewall.internal.ClientAddresses;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientAddressComesFromTrustedProxiesOnlyTest {

    private static final AddressSet PROXIES = AddressSet.parse(List.of("10.0.0.1", "10.0.0.2"));
    private final ClientAddresses xff = new ClientAddresses(PROXIES, "X-Forwarded-For");
    private final ClientAddresses forwarded = new ClientAddresses(PROXIES, "Forwarded");

    @Test
    void anUntrustedPeersForwardingHeaderChangesNothing() {
        assertThat(xff.resolve("203.0.113.9", List.of("198.51.100.1"))).contains(ip("203.0.113.9"));
        assertThat(forwarded.resolve("203.0.113.9", List.of("for=198.51.100.1")))
                .contains(ip("203.0.113.9"));
    }

    @Test
    void theFirstUntrustedHopFromTheRightIsTheClient() {
        assertThat(xff.resolve("10.0.0.1", List.of("1.2.3.4, 198.51.100.7, 10.0.0.2")))
                .as("a client-supplied left part is not believed past the first untrusted hop")
                .contains(ip("198.51.100.7"));
    }

    @Test
    void theForwardedHeaderIsReadOnlyWhenConfiguredAndItsQuotedIpv6WithPortIsParsed() {
        assertThat(forwarded.resolve("10.0.0.1", List.of("for=\"[2001:db8::7]:4711\";proto=https")))
                .contains(ip("2001:db8::7"));
        assertThat(forwarded.header()).isEqualTo("Forwarded");
        assertThat(xff.header()).isEqualTo("X-Forwarded-For");
    }

    @Test
    void theDefaultHeaderIsXForwardedForAndOnlyTheTwoForwardingHeadersAreAccepted() {
        assertThat(FirewallFixtures.settings(Map.of()).clientAddressHeader()).isEqualToIgnoringCase("X-Forwarded-For");
        assertThat(FirewallFixtures.settings(Map.of(ConfigKeys.FIREWALL_CLIENT_ADDRESS_HEADER, "Forwarded"))
                        .clientAddressHeader())
                .isEqualToIgnoringCase("Forwarded");
        assertThatThrownBy(
                        () -> FirewallFixtures.settings(Map.of(ConfigKeys.FIREWALL_CLIENT_ADDRESS_HEADER, "X-Real-IP")))
                .hasMessageContaining(ConfigKeys.FIREWALL_CLIENT_ADDRESS_HEADER);
        assertThatThrownBy(() -> new ClientAddresses(PROXIES, "X-Real-IP"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnparsableHopStopsAtTheProxy() {
        assertThat(forwarded.resolve("10.0.0.1", List.of("for=unknown"))).contains(ip("10.0.0.1"));
        assertThat(forwarded.resolve("10.0.0.1", List.of("proto=https"))).contains(ip("10.0.0.1"));
        assertThat(xff.resolve("10.0.0.1", List.of("evil.example"))).contains(ip("10.0.0.1"));
    }

    @Test
    void withNoTrustedProxiesTheDirectPeerIsTheClient() {
        assertThat(new ClientAddresses(AddressSet.EMPTY, "X-Forwarded-For").resolve("10.0.0.1", List.of("1.2.3.4")))
                .contains(ip("10.0.0.1"));
    }

    @Test
    void aPeerThatIsNotAnIpLiteralResolvesToNothing() {
        assertThat(xff.resolve("unix:/run/switchboard.sock", List.of())).isEmpty();
        assertThat(xff.resolve(null, List.of())).isEmpty();
    }
}
