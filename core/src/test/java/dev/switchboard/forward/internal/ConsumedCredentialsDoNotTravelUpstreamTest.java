package dev.switchboard.forward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsumedCredentialsDoNotTravelUpstreamTest {

    private static List<String> through(String name, String value) {
        List<String> sent = new ArrayList<>();
        ForwardHeaders.withoutCredentials("JSESSIONID", (n, v) -> sent.add(n + ": " + v))
                .accept(name, value);
        return sent;
    }

    @Test
    void authorizationAndThePostKeyAreKeptFromTheUpstreamWhateverTheirCase() {
        assertThat(through("Authorization", "Bearer x")).isEmpty();
        assertThat(through("AUTHORIZATION", "Basic eA==")).isEmpty();
        assertThat(through("X-Switchboard-Post-Key", "k")).isEmpty();
        assertThat(through("Accept", "text/html")).containsExactly("Accept: text/html");
    }

    @Test
    void onlyTheLoginSessionsCookieIsTakenOutOfTheCookieHeader() {
        assertThat(through("Cookie", "a=1; JSESSIONID=secret; b=2")).containsExactly("Cookie: a=1; b=2");
        assertThat(through("Cookie", "JSESSIONID=secret")).isEmpty();
        assertThat(ForwardHeaders.withoutCookie("JSESSIONID2=x;JSESSIONID=y", "JSESSIONID"))
                .isEqualTo("JSESSIONID2=x");
    }

    @Test
    void theTicketParameterIsRemovedFromTheQueryByItsExactRawName() {
        assertThat(ForwardHeaders.withoutParameter("a=1&ticket=t&b=2", "ticket"))
                .isEqualTo("a=1&b=2");
        assertThat(ForwardHeaders.withoutParameter("ticket=t", "ticket")).isNull();
        assertThat(ForwardHeaders.withoutParameter("tickets=1&ticket", "ticket"))
                .isEqualTo("tickets=1");
    }

    @Test
    void headersTheProxySetsItselfAndHopByHopOnesAreNotCopied() {
        Set<String> dropped = HopByHop.dropped(List.of("x-private"));

        assertThat(ForwardHeaders.copied("host", dropped)).isFalse();
        assertThat(ForwardHeaders.copied("x-forwarded-for", dropped)).isFalse();
        assertThat(ForwardHeaders.copied("forwarded", dropped)).isFalse();
        assertThat(ForwardHeaders.copied("transfer-encoding", dropped)).isFalse();
        assertThat(ForwardHeaders.copied("x-private", dropped)).isFalse();
        assertThat(ForwardHeaders.copied("accept", dropped)).isTrue();
    }
}
