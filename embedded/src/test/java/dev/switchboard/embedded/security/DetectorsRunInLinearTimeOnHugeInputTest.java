package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.firewall.LoopbackClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inputs built to make backtracking regular expressions take quadratic time: many tag openings ({@code <a },
 * {@code <!x }) that never close, then an {@code =}, so the XSS event-handler expression rescans the rest of the text
 * from each opening. With the former java.util.regex expressions, on the build machine, an 8 KB query of them cost
 * 0.12 s and a 64 KB message 7 to 8 s; the detectors now run in linear time on a bounded prefix, so each is judged
 * in milliseconds. The bound asserted (2 s) is generous for a loaded build machine and still far below the old cost.
 * Neither input is an attack: the counters prove it was inspected and let through, and that only the attack sent
 * after it was refused.
 */
class DetectorsRunInLinearTimeOnHugeInputTest {

    private static final Duration GENEROUS = Duration.ofSeconds(2);
    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = EveryDetector.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void aSixtyFourKilobyteMessageOfUnclosedTagsIsJudgedQuickly() throws Exception {
        String message = "<a ".repeat(64 * 1024 / 3) + "=";
        try (LoopbackClient client = LoopbackClient.upgrade("127.0.0.60", server.port())) {
            assertThat(client.status).isEqualTo(101);
            long start = System.nanoTime();
            client.sendText(message);
            // Inbound messages are judged one after another: the close for the attack below comes only after the
            // huge message was inspected and let through.
            client.sendText("x' or '1'='1");
            assertThat(client.awaitCloseCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took)
                    .as("64 KB message inspected, then the attack refused")
                    .isLessThan(GENEROUS);
            assertThat(FirewallProbe.counter("xss"))
                    .as("the huge message is no attack")
                    .isZero();
        }
    }

    @Test
    void aSixtyFourKilobyteMessageOfCommentOpeningsIsJudgedQuickly() throws Exception {
        String message = "<!x ".repeat(64 * 1024 / 4) + "=";
        try (LoopbackClient client = LoopbackClient.upgrade("127.0.0.61", server.port())) {
            long start = System.nanoTime();
            client.sendText(message);
            client.sendText("x' or '1'='1");
            assertThat(client.awaitCloseCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(GENEROUS);
        }
    }

    @Test
    void anEightKilobyteQueryOfUnclosedTagsIsJudgedQuickly() throws Exception {
        // Raw, as an attacker sends it: the request line stays under the server's 8 KB header limit.
        String query = "q=" + "<a/".repeat(2600) + "=";
        long start = System.nanoTime();
        LoopbackClient answer =
                LoopbackClient.request("127.0.0.62", server.port(), "GET", "/health?" + query, false, Map.of());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(GENEROUS);
        assertThat(answer.status).as("no attack in it: served").isEqualTo(200);
    }
}
