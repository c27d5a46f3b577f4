package dev.switchboard.forward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.forward.Route;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeaderAndTargetRulesTest {

    private static Route route(String text) {
        return Route.parse(text, Duration.ofSeconds(30)).getFirst();
    }

    @Test
    void hopByHopHeadersAndEveryNameListedInConnectionAreDropped() {
        Set<String> dropped = HopByHop.dropped(List.of("keep-alive, X-Secret", " x-other ,"));

        assertThat(dropped)
                .contains(
                        "connection",
                        "keep-alive",
                        "te",
                        "trailer",
                        "transfer-encoding",
                        "upgrade",
                        "proxy-authorization",
                        "proxy-authenticate",
                        "x-secret",
                        "x-other");
        assertThat(dropped).doesNotContain("content-type", "cookie", "authorization");
    }

    @Test
    void forwardedNodesQuoteIpv6AndValuesThatAreNotTokens() {
        assertThat(HopByHop.forwardedNode("10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(HopByHop.forwardedNode("2001:db8::1")).isEqualTo("\"[2001:db8::1]\"");
        assertThat(HopByHop.forwardedValue("portal.example")).isEqualTo("portal.example");
        assertThat(HopByHop.forwardedValue("portal.example:8080")).isEqualTo("\"portal.example:8080\"");
    }

    @Test
    void thePrefixIsStrippedAndTheRestAppendedEncodedToTheBasePathWithTheQueryUnchanged() {
        Route route = route("/legacy/=http://127.0.0.1:9000/");
        URI base = route.upstreams().getFirst();

        assertThat(Targets.target(route, base, "/a", "b=1", false))
                .isEqualTo(URI.create("http://127.0.0.1:9000/a?b=1"));
        assertThat(Targets.target(route, base, "", null, false)).isEqualTo(URI.create("http://127.0.0.1:9000/"));
        assertThat(Targets.target(route, base, "/a b", "q=%26", false))
                .isEqualTo(URI.create("http://127.0.0.1:9000/a%20b?q=%26"));
    }

    @Test
    void withoutStrippingThePrefixStaysAndABasePathIsKept() {
        Route keep = route("/legacy=http://h:1/app/ strip=false");
        assertThat(Targets.target(keep, keep.upstreams().getFirst(), "/a", null, false))
                .isEqualTo(URI.create("http://h:1/app/legacy/a"));
        Route ws = route("/chat=ws://h:2/echo");
        assertThat(Targets.target(ws, ws.upstreams().getFirst(), "", null, true))
                .isEqualTo(URI.create("ws://h:2/echo"));
        assertThat(Targets.target(ws, ws.upstreams().getFirst(), "/x", null, false))
                .isEqualTo(URI.create("http://h:2/echo/x"));
        Route https = route("/s=https://h:3/");
        assertThat(Targets.target(https, https.upstreams().getFirst(), "/x", null, true))
                .isEqualTo(URI.create("wss://h:3/x"));
    }

    @Test
    void aPatternRouteFillsGroupReferencesInTheUpstreamPathAndKeepsTheQuery() {
        Route route = route("~^/api/v(\\d+)/(.*)$=http://h:1/service/v$1/$2");

        assertThat(Targets.target(route, route.upstreams().getFirst(), "/api/v2/items/a b", "q=1", false))
                .isEqualTo(URI.create("http://h:1/service/v2/items/a%20b?q=1"));
        assertThat(Targets.target(route, route.upstreams().getFirst(), "/api/v3/", null, true))
                .isEqualTo(URI.create("ws://h:1/service/v3/"));
    }

    @Test
    void aPatternRouteWithoutGroupReferencesAppendsTheWholePathToTheBasePath() {
        Route route = route("~^/api/v\\d+/.*=http://h:1/base/");

        assertThat(Targets.target(route, route.upstreams().getFirst(), "/api/v2/x", null, false))
                .isEqualTo(URI.create("http://h:1/base/api/v2/x"));
    }

    @Test
    void anUpstreamCloseWithoutOrWithAnUnsendableCodeBecomesACodeTheClientCanReceive() {
        assertThat(UpstreamListener.clientCode(1005)).isEqualTo(1000);
        assertThat(UpstreamListener.clientCode(1006)).isEqualTo(1011);
        assertThat(UpstreamListener.clientCode(4001)).isEqualTo(4001);
        assertThat(UpstreamListener.clientCode(1001)).isEqualTo(1001);
    }
}
