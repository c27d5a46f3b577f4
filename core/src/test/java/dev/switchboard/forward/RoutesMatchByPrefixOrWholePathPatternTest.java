package dev.switchboard.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutesMatchByPrefixOrWholePathPatternTest {

    private static final Duration DEFAULT = Duration.ofSeconds(30);

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
    void patternRoutesComeFirstInDeclarationOrderThenPrefixesLongestFirst() {
        List<Route> routes = Route.parse(
                "/=http://h:1/;~^/api/v(\\d+)/.*$=http://h:2/;/api/=http://h:3/;" + "~^/api/.*=http://h:4/", DEFAULT);

        assertThat(routes).extracting(Route::name).containsExactly("~^/api/v(\\d+)/.*$", "~^/api/.*", "/api/", "/");
        assertThat(routes.getFirst().pattern()).isPresent();
        assertThat(routes.getFirst().strip()).isFalse();
    }

    @Test
    void aPatternMustMatchTheWholePath() {
        Route route =
                Route.parse("~/api/v(\\d+)/(.*)=http://h:1/v$1/$2", DEFAULT).getFirst();

        assertThat(route.remainder("/api/v2/items/7")).contains("/api/v2/items/7");
        assertThat(route.remainder("/api/vx/items")).isEmpty();
        assertThat(route.remainder("/x/api/v2/items")).isEmpty();
        assertThat(route.remainder("/api/v2")).isEmpty();
    }
}
