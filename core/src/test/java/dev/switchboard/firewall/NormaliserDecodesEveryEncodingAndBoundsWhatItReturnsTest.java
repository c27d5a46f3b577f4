package dev.switchboard.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.firewall.internal.Detector;
import dev.switchboard.firewall.internal.Normaliser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormaliserDecodesEveryEncodingAndBoundsWhatItReturnsTest {

    private static String b64(String text) {
        return "sgc@b64:" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sgcBase64IsDecodedEvenNestedOrBehindEscapedPrefixes() {
        assertThat(Normaliser.normalise(b64("<Script>"))).isEqualTo("<script>");
        assertThat(Normaliser.normalise(b64(b64("' OR 1=1")))).isEqualTo("' or 1=1");
        // Its Base64 holds a + and a /: decoded before URL decoding could turn the + into a space.
        assertThat(b64("a>?~?x<b>?>")).contains("+").contains("/");
        assertThat(Normaliser.normalise("sgc\\u0040b64:" + b64("a>?~?x<b>?>").substring(8)))
                .isEqualTo("a>?~?x<b>?>");
        assertThat(Normaliser.normalise("sgc@b64:not*base64"))
                .as("invalid Base64 stays")
                .isEqualTo("sgc@b64:not*base64");
    }

    @Test
    void jsonEscapesAreDecoded() {
        assertThat(Normaliser.normalise("\\u003cscript\\u003e \\\"x\\\" ..\\/..\\/etc"))
                .isEqualTo("<script> \"x\" ../../etc");
        assertThat(Normaliser.normalise("C:\\\\Windows")).isEqualTo("c:\\windows");
    }

    @Test
    void percentEncodingIsDecodedUpToFourLayersAndHtmlReferencesToo() {
        assertThat(Normaliser.normalise("%25252e%25252e%25252f")).isEqualTo("../");
        assertThat(Normaliser.normalise("&#x3c;&lt;&#60;")).isEqualTo("<<<");
    }

    @Test
    void theResultIsABoundedPrefixOfTheDecodedText() {
        String huge = "<a ".repeat(100_000) + "<script>";
        assertThat(Normaliser.normalise(huge, 1000)).hasSize(1000);
        assertThat(Normaliser.normalise(huge)).hasSize(Normaliser.DEFAULT_MAX_CHARS);
        assertThat(Normaliser.normalise("%3C".repeat(500), 100))
                .as("the bound applies to the decoded form")
                .isEqualTo("<".repeat(100));
    }

    @Test
    void detectionWorksOnTheBoundedPrefixAndNotBeyondIt() {
        String attack = "<script>alert(1)</script>";
        String early = attack + " ".repeat(20_000);
        String late = "x".repeat(20_000) + attack;
        assertThat(detects(early)).isTrue();
        assertThat(detects(late))
                .as("beyond the prefix: documented, not inspected")
                .isFalse();
    }

    private static boolean detects(String text) {
        String normalised = Normaliser.normalise(text);
        return Detector.XSS.matches(normalised, Normaliser.compact(normalised), List.of());
    }
}
