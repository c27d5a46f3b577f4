package dev.switchboard.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.AmbiguousPathException;
import dev.switchboard.api.RequestPath;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** A forwarded request reaches only paths under its route's upstream base, whatever its path holds. */
class UpstreamPathsStayUnderTheirBaseTest {

    private static final Duration DEFAULT = Duration.ofSeconds(30);

    @Test
    void aPatternGroupThatResolvesToDotDotCannotClimbOutOfTheBase() {
        Route route = Route.parse("~/x/(.*)b=http://h:1/base/$1/file", DEFAULT).getFirst();
        // "..b" is an ordinary segment of the canonical path, but the group captures "..".
        assertThat(route.remainder("/x/..b")).isPresent();
        assertThatThrownBy(() -> route.upstreamPath("/base/$1/file", "/x/..b"))
                .isInstanceOf(Route.RouteEscapeException.class);
        assertThat(route.upstreamPath("/base/$1/file", "/x/itemb")).isEqualTo("/base/item/file");
    }

    @Test
    void decodedCharactersAreEncodedAgainForTheUpstream() {
        Route route = Route.parse("/legacy/=http://h:1/app/", DEFAULT).getFirst();
        assertThat(route.upstreamPath(
                        "/app/", route.remainder("/legacy/a b/x;y/z?").orElseThrow()))
                .isEqualTo("/app/a%20b/x%3By/z%3F");
    }

    @Test
    void aPrefixIsWrittenInCanonicalForm() {
        assertThat(Route.parse("/a/./b//=http://h:1/", DEFAULT).getFirst().prefix())
                .isEqualTo("/a/b");
        assertThatThrownBy(() -> Route.parse("/a%2Fb=http://h:1/", DEFAULT)).hasMessageContaining("not a plain path");
    }

    @Test
    void backtrackingPatternsAreRefusedForLinearOnes() {
        assertThatThrownBy(() -> Route.parse("~^/(?=a)a=http://h:1/", DEFAULT)).hasMessageContaining("RE2");
        // A pattern that backtracks exponentially in java.util.regex matches in linear time here.
        Route route = Route.parse("~^/(a+)+b$=http://h:1/", DEFAULT).getFirst();
        assertThat(route.remainder("/" + "a".repeat(5_000))).isEmpty();
    }

    @Provide
    Arbitrary<String> canonicalPaths() {
        return Arbitraries.of("a", "b", ".", "..", "..b", "a..", "x", " ", "%", ";", "?", "€", "b.")
                .list()
                .ofMaxSize(6)
                .map(segments -> "/x/" + String.join("/", segments))
                .filter(path -> {
                    try {
                        return RequestPath.canonicalise(RequestPath.encode(path))
                                .equals(path);
                    } catch (AmbiguousPathException e) {
                        return false;
                    }
                });
    }

    @Property(tries = 2000)
    void everyUpstreamPathIsUnderTheBaseOrRefused(@ForAll("canonicalPaths") String path) {
        for (String entry : List.of(
                "~/x/(.*)=http://h:1/base/$1",
                "~/x/(.*)b=http://h:1/base/$1/file",
                "~/x/([^/]*)(.*)=http://h:1/base/$2/$1",
                "/x/=http://h:1/base/",
                "/x/=http://h:1/base strip=false")) {
            Route route = Route.parse(entry, DEFAULT).getFirst();
            String base = route.upstreams().getFirst().getRawPath();
            if (route.remainder(path).isEmpty()) {
                continue;
            }
            String upstream;
            try {
                upstream = route.upstreamPath(base, route.remainder(path).get());
            } catch (Route.RouteEscapeException refused) {
                continue;
            }
            assertThat(RequestPath.isUnder(RequestPath.canonicalise(upstream), "/base"))
                    .as(entry + " " + path)
                    .isTrue();
        }
    }

    @Property(tries = 2000)
    void theRouteParserAnswersAnyTextWithARouteOrANamedProblem(@ForAll("routeTexts") String text) {
        try {
            Route.parse(text, DEFAULT);
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> routeTexts() {
        return Arbitraries.of(
                        "/",
                        "~",
                        "=",
                        "http://h:1/",
                        "tcp://h:2",
                        ";",
                        "\\;",
                        " ",
                        "a",
                        "(",
                        ")",
                        "$1",
                        "*",
                        "timeout=",
                        "5s",
                        "strip=false",
                        "auth=required",
                        "credentials=pass",
                        "host=",
                        "x",
                        ",",
                        "%2F",
                        "..",
                        "[",
                        "\n")
                .list()
                .ofMaxSize(10)
                .map(parts -> String.join("", parts));
    }
}
