package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The canonical request path: the attack spellings resolve to the path the servlet container serves. */
class RequestPathTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "/admin;x/secret, /admin/secret",
        "/%61dmin/secret, /admin/secret",
        "/./admin, /admin",
        "/foo/../admin, /admin",
        "/auth/../admin, /admin",
        "/auth/..;/admin, ''",
        "//admin//secret, /admin/secret",
        "/admin/, /admin/",
        "/admin/., /admin/",
        "/a/b/.., /a/",
        "/, /",
        "'', /",
        "/%E2%82%AC/x, /€/x",
        "/a%3Bb, /a;b",
        "/a%3Fb, /a?b",
        "/;jsessionid=1, /",
    })
    void resolvesTheSpellingsOfAPath(String raw, String canonical) {
        if (canonical.isEmpty()) {
            assertThatThrownBy(() -> RequestPath.canonicalise(raw)).isInstanceOf(AmbiguousPathException.class);
        } else {
            assertThat(RequestPath.canonicalise(raw)).isEqualTo(canonical);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/a%2Fb",
                "/a%2fb",
                "/a%5Cb",
                "/a\\b",
                "/a%25b",
                "/a%00b",
                "/a\u0000b",
                "/a%0Ab",
                "/..",
                "/a/../..",
                "/%2e%2e/x",
                "/a/%2E/b",
                "/a/.%2e/b",
                "/a/..;x/b",
                "/a/.;x/b",
                "/a%",
                "/a%4",
                "/a%zz",
                "/%C0%AF",
                "/%FF",
                "/%E2%82",
                "admin",
                "/a\u007Fb",
                "/\uD800x",
                "/a;x\\..\\b",
                "/a;\u0000/b"
            })
    void refusesAmbiguousPaths(String raw) {
        assertThatThrownBy(() -> RequestPath.canonicalise(raw)).isInstanceOf(AmbiguousPathException.class);
    }

    @Test
    void aPathOutsideTheContextIsAmbiguous() {
        assertThat(RequestPath.relative("/app/x", "/app")).isEqualTo("/x");
        assertThat(RequestPath.relative("/app", "/app")).isEqualTo("/");
        assertThat(RequestPath.relative("/x", "")).isEqualTo("/x");
        assertThatThrownBy(() -> RequestPath.relative("/apple/x", "/app")).isInstanceOf(AmbiguousPathException.class);
        assertThatThrownBy(() -> RequestPath.relative("/other", "/app")).isInstanceOf(AmbiguousPathException.class);
    }

    @Test
    void encodingGivesAUriPathThatCanonicalisesBackToTheSamePath() {
        String path = "/a b/€/x;y/q?r/#/%/c";
        String encoded = RequestPath.encode(path.replace("%", "pct"));
        assertThat(URI.create(encoded).getRawPath()).isEqualTo(encoded);
        assertThat(RequestPath.canonicalise(encoded)).isEqualTo(path.replace("%", "pct"));
    }

    @Test
    void prefixTestsAreSegmentWise() {
        assertThat(RequestPath.isUnder("/admin/x", "/admin")).isTrue();
        assertThat(RequestPath.isUnder("/admin", "/admin/")).isTrue();
        assertThat(RequestPath.isUnder("/administrator", "/admin")).isFalse();
        assertThat(RequestPath.isUnder("/anything", "/")).isTrue();
    }
}
