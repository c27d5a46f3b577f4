package dev.switchboard.firewall;

import static dev.switchboard.firewall.FirewallFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.firewall.internal.ClientAddresses;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressComesFromTrustedProxiesOnlyTest {

    private final ClientAddresses resolver = new ClientAddresses(AddressSet.parse(List.of("10.0.0.1", "10.0.0.2")));

    @Test
    void anUntrustedPeersForwardingHeadersChangeNothing() {
        assertThat(resolver.resolve("203.0.113.9", List.of("for=198.51.100.1"), List.of("198.51.100.1")))
                .contains(ip("203.0.113.9"));
    }

    @Test
    void theFirstUntrustedHopFromTheRightIsTheClient() {
        assertThat(resolver.resolve("10.0.0.1", List.of(), List.of("1.2.3.4, 198.51.100.7, 10.0.0.2")))
                .as("a client-supplied left part is not believed past the first untrusted hop")
                .contains(ip("198.51.100.7"));
    }

    @Test
    void forwardedIsPreferredAndItsQuotedIpv6WithPortIsParsed() {
        assertThat(resolver.resolve("10.0.0.1", List.of("for=\"[2001:db8::7]:4711\";proto=https"),
                List.of("198.51.100.7"))).contains(ip("2001:db8::7"));
    }

    @Test
    void anUnparsableHopStopsAtTheProxy() {
        assertThat(resolver.resolve("10.0.0.1", List.of("for=unknown"), List.of())).contains(ip("10.0.0.1"));
        assertThat(resolver.resolve("10.0.0.1", List.of(), List.of("evil.example"))).contains(ip("10.0.0.1"));
    }

    @Test
    void withNoTrustedProxiesTheDirectPeerIsTheClient() {
        assertThat(new ClientAddresses(AddressSet.EMPTY).resolve("10.0.0.1", List.of(), List.of("1.2.3.4")))
                .contains(ip("10.0.0.1"));
    }
}
