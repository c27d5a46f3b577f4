package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.AuthenticationFilter;
import dev.switchboard.firewall.FirewallFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandshakeInfoKeepsTheClientTheFirewallResolvedTest {

    /** A request from a proxy at 10.0.0.1, with the given request attributes. */
    private static HttpServletRequest fromProxy(Map<String, Object> attributes) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "getHeaderNames" -> Collections.enumeration(List.of("X-Forwarded-For"));
                    case "getHeaders" -> Collections.enumeration(List.of("203.0.113.7"));
                    case "getRequestURI" -> "/";
                    case "getRemoteAddr" -> "10.0.0.1";
                    case "getLocalAddr" -> "10.0.0.2";
                    case "getRemotePort", "getLocalPort" -> 8080;
                    default -> null;
                });
    }

    @Test
    void theClientIsTheAddressTheFirewallLeftInTheRequest() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(HandshakeInfo.CLIENT_ADDRESS_ATTRIBUTE, "203.0.113.7");
        HandshakeInfo info = HandshakeInfo.of(fromProxy(attributes));
        assertThat(info.clientAddress()).isEqualTo("203.0.113.7");
        assertThat(info.remoteAddress().getHostString()).isEqualTo("10.0.0.1");
    }

    @Test
    void withoutTheFirewallTheClientIsTheDirectPeer() {
        assertThat(HandshakeInfo.of(fromProxy(Map.of())).clientAddress()).isEqualTo("10.0.0.1");
        assertThat(new HandshakeInfo(
                                InetSocketAddress.createUnresolved("10.0.0.9", 1),
                                InetSocketAddress.createUnresolved("10.0.0.2", 2),
                                URI.create("/"),
                                Map.of(),
                                Optional.empty())
                        .clientAddress())
                .isEqualTo("10.0.0.9");
    }

    @Test
    void theHubReadsTheAttributeTheFirewallWritesAndTheAuthenticationFilterReads() {
        assertThat(HandshakeInfo.CLIENT_ADDRESS_ATTRIBUTE)
                .isEqualTo(FirewallFilter.CLIENT_ADDRESS_ATTRIBUTE)
                .isEqualTo(AuthenticationFilter.CLIENT_ADDRESS_ATTRIBUTE);
    }
}
