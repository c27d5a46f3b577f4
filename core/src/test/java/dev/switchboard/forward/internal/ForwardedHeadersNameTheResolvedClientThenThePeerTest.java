package dev.switchboard.forward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.forward.Route;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardedHeadersNameTheResolvedClientThenThePeerTest {

    private static Map<String, String> forwarded(String resolved, String peer, String scheme, String host) {
        Map<String, String> headers = new LinkedHashMap<>();
        ForwardHeaders.forwarded(resolved, peer, scheme, host, headers::put);
        return headers;
    }

    @Test
    void aClientBehindATrustedProxyIsNamedBeforeTheProxy() {
        Map<String, String> headers = forwarded("203.0.113.7", "10.0.0.2", "https", "portal.example");

        assertThat(headers)
                .containsEntry("X-Forwarded-For", "203.0.113.7, 10.0.0.2")
                .containsEntry("X-Forwarded-Proto", "https")
                .containsEntry("X-Forwarded-Host", "portal.example")
                .containsEntry("Forwarded", "for=203.0.113.7, for=10.0.0.2;host=portal.example;proto=https");
    }

    @Test
    void aDirectClientIsNamedOnceAndIpv6AndPortsAreQuoted() {
        Map<String, String> headers = forwarded("[2001:db8::1]", "2001:db8::1", "http", "h:8080");

        assertThat(headers)
                .containsEntry("X-Forwarded-For", "2001:db8::1")
                .containsEntry("Forwarded", "for=\"[2001:db8::1]\";host=\"h:8080\";proto=http");
        assertThat(forwarded(null, "10.0.0.9", "http", "h")).containsEntry("X-Forwarded-For", "10.0.0.9");
    }

    @Test
    void withoutAHostHeaderThePublicHostIsTheServerNameWithANonDefaultPort() {
        assertThat(ForwardHeaders.publicHost("given:1", "http", "ignored", 80)).isEqualTo("given:1");
        assertThat(ForwardHeaders.publicHost(null, "https", "portal", 443)).isEqualTo("portal");
        assertThat(ForwardHeaders.publicHost("", "http", "portal", 8080)).isEqualTo("portal:8080");
        assertThat(ForwardHeaders.publicHost(null, "http", "::1", 8080)).isEqualTo("[::1]:8080");
    }

    @Test
    void theHostPolicyChoosesWhatHostTheUpstreamIsSent() {
        Duration timeout = Duration.ofSeconds(30);
        assertThat(ForwardHeaders.hostHeader(
                        Route.parse("/a=http://u:1/", timeout).getFirst(), "pub"))
                .isEmpty();
        assertThat(ForwardHeaders.hostHeader(
                        Route.parse("/a=http://u:1/ host=preserve", timeout).getFirst(), "pub"))
                .contains("pub");
        assertThat(ForwardHeaders.hostHeader(
                        Route.parse("/a=http://u:1/ host=fixed.example:81", timeout)
                                .getFirst(),
                        "pub"))
                .contains("fixed.example:81");
    }
}
