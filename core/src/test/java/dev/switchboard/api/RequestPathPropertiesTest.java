package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the canonical path over generated raw paths built from the pieces attacks are made of (dots,
 * slashes, escapes, path parameters, non-ASCII text): whatever is accepted is a decoded, normalised path, equal to
 * what an independent normaliser (java.net.URI, RFC 3986 section 5.2.4) makes of the same path.
 */
class RequestPathPropertiesTest {

    private static final List<String> PIECES = List.of(
            "/",
            "/",
            "/",
            "a",
            "b",
            "admin",
            ".",
            "..",
            "./",
            "../",
            ";x",
            ";",
            "%2e",
            "%2E",
            "%2f",
            "%5c",
            "%25",
            "%00",
            "%41",
            "%61",
            "%20",
            "%3B",
            "%3F",
            "%E2%82%AC",
            "%C3",
            "%",
            "\\",
            "é",
            "~",
            "-",
            "+",
            "=",
            "//");

    @Provide
    Arbitrary<String> rawPaths() {
        return Arbitraries.of(PIECES).list().ofMinSize(0).ofMaxSize(12).map(parts -> "/" + String.join("", parts));
    }

    @Property(tries = 3000)
    void anAcceptedPathIsDecodedAndHasNoDotOrEmptySegments(@ForAll("rawPaths") String raw) {
        String canonical;
        try {
            canonical = RequestPath.canonicalise(raw);
        } catch (AmbiguousPathException refused) {
            return;
        }
        assertThat(canonical).startsWith("/");
        assertThat(canonical).doesNotContain("//", "\\", "%", "\u0000");
        String[] segments = canonical.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            assertThat(segments[i]).isNotIn(".", "..");
            if (i < segments.length - 1) {
                assertThat(segments[i]).isNotEmpty();
            }
        }
    }

    @Property(tries = 3000)
    void anAcceptedPathIsWhatAnIndependentNormaliserMakesOfIt(@ForAll("rawPaths") String raw)
            throws URISyntaxException {
        String canonical;
        try {
            canonical = RequestPath.canonicalise(raw);
        } catch (AmbiguousPathException refused) {
            return;
        }
        // The reference: path parameters removed by hand, empty segments collapsed, then RFC 3986 dot-segment
        // removal and decoding by java.net.URI (which takes a raw non-ASCII character as itself). Encoded dot
        // segments, which java.net.URI would keep as names, are refused as ambiguous before this point.
        List<String> kept = new ArrayList<>();
        for (String segment : raw.split("/", -1)) {
            int semicolon = segment.indexOf(';');
            kept.add(semicolon < 0 ? segment : segment.substring(0, semicolon));
        }
        String withoutParameters = String.join("/", kept).replaceAll("/{2,}", "/");
        String normalised = new URI("/x" + withoutParameters).normalize().getPath();
        assertThat("/x" + canonical).isIn(normalised, normalised.replaceAll("/{2,}", "/"));
    }

    @Property(tries = 2000)
    void encodingTheCanonicalPathGivesTheSameCanonicalPath(@ForAll("rawPaths") String raw) {
        String canonical;
        try {
            canonical = RequestPath.canonicalise(raw);
        } catch (AmbiguousPathException refused) {
            return;
        }
        String encoded = RequestPath.encode(canonical);
        assertThat(RequestPath.canonicalise(encoded)).isEqualTo(canonical);
        assertThat(URI.create(encoded).getPath()).isEqualTo(canonical);
    }

    @Property(tries = 3000)
    void onlyADotDotCanTakeAPathOutOfItsPrefix(@ForAll("rawPaths") String tail) {
        String canonical;
        try {
            canonical = RequestPath.canonicalise("/pub/" + tail);
        } catch (AmbiguousPathException refused) {
            return;
        }
        if (!tail.contains("..")) {
            assertThat(RequestPath.isUnder(canonical, "/pub")).as(canonical).isTrue();
        }
    }
}
