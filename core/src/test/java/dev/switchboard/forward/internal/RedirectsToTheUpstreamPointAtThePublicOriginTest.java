package dev.switchboard.forward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.forward.Route;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedirectsToTheUpstreamPointAtThePublicOriginTest {

    private static final URI UPSTREAM = URI.create("http://10.0.0.5:9000/app/");

    private static String rewrite(String routeText, String location) {
        Route route = Route.parse(routeText, Duration.ofSeconds(30)).getFirst();
        return ForwardHeaders.rewriteLocation(route, UPSTREAM, location, "https://portal.example", "/ctx");
    }

    @Test
    void aLocationUnderTheUpstreamBaseMovesUnderTheRoutePrefixWithQueryAndFragment() {
        assertThat(rewrite("/legacy=http://10.0.0.5:9000/app/", "http://10.0.0.5:9000/app/login?next=%2F#top"))
                .isEqualTo("https://portal.example/ctx/legacy/login?next=%2F#top");
    }

    @Test
    void withoutStrippingThePathAfterTheBaseIsKeptAsItIs() {
        assertThat(rewrite("/legacy=http://10.0.0.5:9000/app/ strip=false", "http://10.0.0.5:9000/app/legacy/x"))
                .isEqualTo("https://portal.example/ctx/legacy/x");
    }

    @Test
    void otherHostsRelativeLocationsAndPathsOutsideTheBaseAreLeftAlone() {
        String route = "/legacy=http://10.0.0.5:9000/app/";
        assertThat(rewrite(route, "http://elsewhere:9000/app/x")).isEqualTo("http://elsewhere:9000/app/x");
        assertThat(rewrite(route, "https://10.0.0.5:9000/app/x")).isEqualTo("https://10.0.0.5:9000/app/x");
        assertThat(rewrite(route, "/app/x")).isEqualTo("/app/x");
        assertThat(rewrite(route, "http://10.0.0.5:9000/other")).isEqualTo("http://10.0.0.5:9000/other");
        assertThat(rewrite(route, "not a uri")).isEqualTo("not a uri");
    }
}
