package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @Test
    void byDefaultOnlyTheRequestsOwnHostAndPortAreAllowed() {
        OriginPolicy policy = new OriginPolicy(List.of());

        assertThat(policy.allows(Optional.of("http://portal.local:8080"), Optional.of("portal.local:8080")))
                .isTrue();
        assertThat(policy.allows(Optional.of("https://portal.local"), Optional.of("portal.local")))
                .isTrue();
        assertThat(policy.allows(Optional.of("http://portal.local"), Optional.of("portal.local:80")))
                .isTrue();
        assertThat(policy.allows(Optional.of("http://evil.example"), Optional.of("portal.local:8080")))
                .isFalse();
        assertThat(policy.allows(Optional.of("http://portal.local:9090"), Optional.of("portal.local:8080")))
                .isFalse();
        assertThat(policy.allows(Optional.of("null"), Optional.of("portal.local")))
                .isFalse();
    }

    @Test
    void handshakesWithoutOriginComeFromNonBrowserClientsAndAreAllowed() {
        assertThat(new OriginPolicy(List.of()).allows(Optional.empty(), Optional.of("portal.local")))
                .isTrue();
        assertThat(new OriginPolicy(List.of("https://only.example")).allows(Optional.empty(), Optional.empty()))
                .isTrue();
    }

    @Test
    void aPortWildcardAllowsEveryPortOfThatHost() {
        OriginPolicy policy = new OriginPolicy(List.of("http://127.0.0.1:*"));

        assertThat(policy.allows(Optional.of("http://127.0.0.1:5555"), Optional.of("x")))
                .isTrue();
        assertThat(policy.allows(Optional.of("http://127.0.0.1"), Optional.of("x")))
                .isTrue();
        assertThat(policy.allows(Optional.of("http://127.0.0.2:5555"), Optional.of("x")))
                .isFalse();
        assertThat(policy.allows(Optional.of("http://127.0.0.1:55x"), Optional.of("x")))
                .isFalse();
    }

    @Test
    void exactEntriesAndStarAreHonouredCaseInsensitively() {
        assertThat(new OriginPolicy(List.of("https://Portal.Example/"))
                        .allows(Optional.of("https://portal.example"), Optional.of("x")))
                .isTrue();
        assertThat(new OriginPolicy(List.of("*")).allows(Optional.of("http://anything"), Optional.of("x")))
                .isTrue();
    }
}
