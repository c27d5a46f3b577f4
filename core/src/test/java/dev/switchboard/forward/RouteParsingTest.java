package dev.switchboard.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteParsingTest {

    private static final Duration DEFAULT = Duration.ofSeconds(30);

    @Test
    void theSimpleFormIsOnePrefixAndOneUpstreamWithDefaults() {
        List<Route> routes = Route.parse("/legacy/=http://127.0.0.1:9000/", DEFAULT);

        assertThat(routes).hasSize(1);
        Route route = routes.getFirst();
        assertThat(route.prefix()).isEqualTo("/legacy");
        assertThat(route.upstreams()).containsExactly(URI.create("http://127.0.0.1:9000/"));
        assertThat(route.strip()).isTrue();
        assertThat(route.timeout()).isEqualTo(DEFAULT);
        assertThat(route.rewriteRedirects()).isFalse();
        assertThat(route.balance()).isEqualTo(Route.Balance.ROUND_ROBIN);
        assertThat(route.healthPath()).isEmpty();
        assertThat(route.stickyCookie()).isEmpty();
        assertThat(route.authRequired()).isFalse();
    }

    @Test
    void routesAreSeparatedBySemicolonsUpstreamsByCommasAndLongestPrefixComesFirst() {
        List<Route> routes = Route.parse(" /a/=http://h1:1/, http://h2:2/base ; /a/b=ws://h3:3/;/=http://h4:4 ",
                DEFAULT);

        assertThat(routes).extracting(Route::prefix).containsExactly("/a/b", "/a", "");
        assertThat(routes.get(1).upstreams())
                .containsExactly(URI.create("http://h1:1/"), URI.create("http://h2:2/base"));
    }

    @Test
    void everyOptionIsRead() {
        Route route = Route.parse("/x=http://h:1/ strip=false timeout=250ms redirects=rewrite"
                + " balance=least-connections health=/up health-interval=2s healthy-after=4 unhealthy-after=5"
                + " passive-failures=6 passive-cooldown=1m sticky=SB auth=required", DEFAULT).getFirst();

        assertThat(route.strip()).isFalse();
        assertThat(route.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(route.rewriteRedirects()).isTrue();
        assertThat(route.balance()).isEqualTo(Route.Balance.LEAST_CONNECTIONS);
        assertThat(route.healthPath()).contains("/up");
        assertThat(route.healthInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(route.healthyAfter()).isEqualTo(4);
        assertThat(route.unhealthyAfter()).isEqualTo(5);
        assertThat(route.passiveFailures()).isEqualTo(6);
        assertThat(route.passiveCooldown()).isEqualTo(Duration.ofMinutes(1));
        assertThat(route.stickyCookie()).contains("SB");
        assertThat(route.authRequired()).isTrue();
    }

    @Test
    void aPrefixMatchesItselfAndPathsBelowItButNotSiblingsThatShareLetters() {
        Route route = Route.parse("/legacy/=http://h:1/", DEFAULT).getFirst();

        assertThat(route.remainder("/legacy/a/b")).contains("/a/b");
        assertThat(route.remainder("/legacy/")).contains("/");
        assertThat(route.remainder("/legacy")).contains("");
        assertThat(route.remainder("/legacyx")).isEmpty();
        assertThat(route.remainder("/other")).isEmpty();
    }

    @Test
    void mistakesAreRefusedWithTheRouteAndTheProblemNamed() {
        assertThatThrownBy(() -> Route.parse("legacy=http://h:1/", DEFAULT))
                .hasMessageContaining("is not of the form");
        assertThatThrownBy(() -> Route.parse("/a=ftp://h:1/", DEFAULT)).hasMessageContaining("'/a/'")
                .hasMessageContaining("ftp://h:1/");
        assertThatThrownBy(() -> Route.parse("/a=tcp://h", DEFAULT)).hasMessageContaining("needs a port");
        assertThatThrownBy(() -> Route.parse("/a=tcp://h:1,http://h:2/", DEFAULT)).hasMessageContaining("mixes");
        assertThatThrownBy(() -> Route.parse("/a=http://h:1/ timeout=soon", DEFAULT))
                .hasMessageContaining("timeout=soon");
        assertThatThrownBy(() -> Route.parse("/a=http://h:1/ colour=red", DEFAULT))
                .hasMessageContaining("unknown option");
        assertThatThrownBy(() -> Route.parse("/a=http://h:1/;/a/=http://h:2/", DEFAULT))
                .hasMessageContaining("two forwarding routes");
        assertThatThrownBy(() -> Route.parse("/a= strip=true", DEFAULT)).hasMessageContaining("no upstream");
    }

    @Test
    void durationsTakeMillisecondsSecondsMinutesOrPlainSeconds() {
        assertThat(Route.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Route.duration("7s")).isEqualTo(Duration.ofSeconds(7));
        assertThat(Route.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Route.duration("12")).isEqualTo(Duration.ofSeconds(12));
        assertThatThrownBy(() -> Route.duration("0")).isInstanceOf(IllegalArgumentException.class);
    }
}
