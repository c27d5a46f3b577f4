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
        List<Route> routes =
                Route.parse(" /a/=http://h1:1/, http://h2:2/base ; /a/b=ws://h3:3/;/=http://h4:4 ", DEFAULT);

        assertThat(routes).extracting(Route::prefix).containsExactly("/a/b", "/a", "");
        assertThat(routes.get(1).upstreams())
                .containsExactly(URI.create("http://h1:1/"), URI.create("http://h2:2/base"));
    }

    @Test
    void everyOptionIsRead() {
        Route route = Route.parse(
                        "/x=http://h:1/ strip=false timeout=250ms redirects=rewrite"
                                + " balance=least-connections health=/up health-interval=2s healthy-after=4 unhealthy-after=5"
                                + " passive-failures=6 passive-cooldown=1m sticky=SB auth=required",
                        DEFAULT)
                .getFirst();

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
    void mistakesAreRefusedWithTheRouteAndTheProblemNamed() {
        assertThatThrownBy(() -> Route.parse("legacy=http://h:1/", DEFAULT)).hasMessageContaining("is not of the form");
        assertThatThrownBy(() -> Route.parse("/a=ftp://h:1/", DEFAULT))
                .hasMessageContaining("'/a/'")
                .hasMessageContaining("ftp://h:1/");
        assertThatThrownBy(() -> Route.parse("/a=tcp://h", DEFAULT)).hasMessageContaining("needs a port");
        assertThatThrownBy(() -> Route.parse("/a=tcp://h:1,http://h:2/", DEFAULT))
                .hasMessageContaining("mixes");
        assertThatThrownBy(() -> Route.parse("/a=http://h:1/ timeout=soon", DEFAULT))
                .hasMessageContaining("timeout=soon");
        assertThatThrownBy(() -> Route.parse("/a=http://h:1/ colour=red", DEFAULT))
                .hasMessageContaining("unknown option");
        assertThatThrownBy(() -> Route.parse("/a=http://h:1/;/a/=http://h:2/", DEFAULT))
                .hasMessageContaining("two forwarding routes");
        assertThatThrownBy(() -> Route.parse("/a= strip=true", DEFAULT)).hasMessageContaining("no upstream");
    }

    @Test
    void aPatternMayContainEqualsCommasAndInTheKeyAnEscapedSemicolon() {
        List<Route> routes = Route.parse(
                "~^/m\\;v=(\\d{1,3})/.*$ = http://h:1/n/$1, http://h:2/n/$1" + " timeout=5s;/b=http://h:3/", DEFAULT);

        assertThat(routes).hasSize(2);
        Route pattern = routes.getFirst();
        assertThat(pattern.pattern().orElseThrow().pattern()).isEqualTo("^/m\\;v=(\\d{1,3})/.*$");
        assertThat(pattern.upstreams()).containsExactly(URI.create("http://h:1/n/$1"), URI.create("http://h:2/n/$1"));
        assertThat(pattern.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(pattern.remainder("/m;v=12/x")).isPresent();
        assertThat(pattern.upstreamPath("/n/$1", "/m;v=12/x")).isEqualTo("/n/12");
    }

    @Test
    void patternMistakesAreRefusedWithTheRouteAndTheProblemNamed() {
        assertThatThrownBy(() -> Route.parse("~^/a(=http://h:1/", DEFAULT))
                .hasMessageContaining("'~^/a('")
                .hasMessageContaining("not a regular expression");
        assertThatThrownBy(() -> Route.parse("~^/a/(.*)=http://h:1/$2", DEFAULT))
                .hasMessageContaining("'~^/a/(.*)'")
                .hasMessageContaining("$2")
                .hasMessageContaining("1 group(s)");
        assertThatThrownBy(() -> Route.parse("~^/a/.*=http://h:1/ strip=true", DEFAULT))
                .hasMessageContaining("'~^/a/.*'")
                .hasMessageContaining("no prefix to strip");
        assertThatThrownBy(() -> Route.parse("~^/a/(.*)=http://h:1/x/$1 redirects=rewrite", DEFAULT))
                .hasMessageContaining("redirects=rewrite cannot map");
        assertThatThrownBy(() -> Route.parse("~^/a b=http://h:1/", DEFAULT)).hasMessageContaining("no blanks");
        assertThatThrownBy(() -> Route.parse("~^/a=ftp://h:1/", DEFAULT))
                .hasMessageContaining("'~^/a'")
                .hasMessageContaining("ftp://h:1/");
        assertThatThrownBy(() -> Route.parse("~^/a= strip=false", DEFAULT)).hasMessageContaining("is not of the form");
        assertThatThrownBy(() -> Route.parse("~^/a/.*=http://h:1/;~^/a/.*=http://h:2/", DEFAULT))
                .hasMessageContaining("two forwarding routes for '~^/a/.*'");
    }

    @Test
    void theHostOptionTakesUpstreamPreserveOrAFixedNameWithAnOptionalPort() {
        assertThat(Route.parse("/a=http://h:1/", DEFAULT).getFirst().hostPolicy())
                .isEqualTo(Route.HostPolicy.UPSTREAM);
        assertThat(Route.parse("/a=http://h:1/ host=upstream", DEFAULT)
                        .getFirst()
                        .hostPolicy())
                .isEqualTo(Route.HostPolicy.UPSTREAM);
        assertThat(Route.parse("/a=http://h:1/ host=preserve", DEFAULT)
                        .getFirst()
                        .hostPolicy())
                .isEqualTo(Route.HostPolicy.PRESERVE);
        Route fixed =
                Route.parse("/a=http://h:1/ host=portal.example:8443", DEFAULT).getFirst();
        assertThat(fixed.hostPolicy()).isEqualTo(Route.HostPolicy.FIXED);
        assertThat(fixed.fixedHost()).contains("portal.example:8443");
        assertThat(Route.parse("/a=http://h:1/ host=[::1]:80", DEFAULT)
                        .getFirst()
                        .fixedHost())
                .contains("[::1]:80");
        assertThatThrownBy(() -> Route.parse("/a=http://h:1/ host=a/b", DEFAULT))
                .hasMessageContaining("'/a/'")
                .hasMessageContaining("host=a/b")
                .hasMessageContaining("expected upstream, preserve or a host name");
    }

    @Test
    void theRoutesFileHasOneRoutePerLineCommentsAndIndentedContinuationLines() {
        String file = """
                # Legacy services
                /legacy/ = http://h:1/ redirects=rewrite

                /api/ = http://h:2/v2, http://h:3/v2
                        balance=least-connections
                    # a comment inside a route's lines
                        sticky=SBAPI
                ~^/shop/(\\d+);jsessionid=.*$ = http://h:4/stores/$1 host=preserve
                """;

        List<Route> routes = RouteParser.parseFile(file, "routes.conf", DEFAULT);

        assertThat(routes)
                .extracting(Route::name)
                .containsExactly("/legacy/", "/api/", "~^/shop/(\\d+);jsessionid=.*$");
        assertThat(routes.get(1).upstreams()).hasSize(2);
        assertThat(routes.get(1).balance()).isEqualTo(Route.Balance.LEAST_CONNECTIONS);
        assertThat(routes.get(1).stickyCookie()).contains("SBAPI");
        assertThat(routes.get(2).remainder("/shop/12;jsessionid=x")).isPresent();
        assertThat(routes.get(2).hostPolicy()).isEqualTo(Route.HostPolicy.PRESERVE);
    }

    @Test
    void aMistakeInTheRoutesFileNamesTheFileAndTheLine() {
        assertThatThrownBy(() -> RouteParser.parseFile(
                        "# routes\n\n/a=http://h:1/\n/b=http://h:2/\n   colour=red\n", "routes.conf", DEFAULT))
                .hasMessageContaining("routes.conf line 4")
                .hasMessageContaining("'/b/'")
                .hasMessageContaining("unknown option");
        assertThatThrownBy(() -> RouteParser.parseFile("  strip=false\n/a=http://h:1/", "routes.conf", DEFAULT))
                .hasMessageContaining("routes.conf line 1")
                .hasMessageContaining("no route starts above it");
    }

    @Test
    void durationsTakeMillisecondsSecondsMinutesOrPlainSeconds() {
        assertThat(RouteParser.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(RouteParser.duration("7s")).isEqualTo(Duration.ofSeconds(7));
        assertThat(RouteParser.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(RouteParser.duration("12")).isEqualTo(Duration.ofSeconds(12));
        assertThatThrownBy(() -> RouteParser.duration("0")).isInstanceOf(IllegalArgumentException.class);
    }
}
