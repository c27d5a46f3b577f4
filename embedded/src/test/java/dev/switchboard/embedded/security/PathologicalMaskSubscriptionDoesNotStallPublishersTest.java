package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An anonymous client subscribes to a mask built to make a backtracking matcher explode ({@code a*a*...a*b}, 15
 * stars) and then publications go to a long channel name of {@code a}s, which every publication must test
 * against the mask. With the masks compiled to regular expressions one such test took longer than any deadline;
 * with the linear matcher the publications arrive at once. Masks beyond the wildcard limit and names beyond the
 * length limit are refused with a JSON-RPC -32602 error.
 */
class PathologicalMaskSubscriptionDoesNotStallPublishersTest {

    private static final String PATHOLOGICAL_MASK = "a*".repeat(15) + "b";
    private static final String LONG_CHANNEL = "a".repeat(250);

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder().host("127.0.0.1").port(0).build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void publicationsArriveWhileThePathologicalMaskIsSubscribed() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder attacker = SgcCalls.connect(client, server);
                TestClient.Recorder reader = SgcCalls.connect(client, server);
                TestClient.Recorder publisher = SgcCalls.connect(client, server)) {
            attacker.send(SgcCalls.subscribe(PATHOLOGICAL_MASK, "m"));
            assertThat(SgcCalls.reply(attacker, "m"))
                    .contains("\"method\":\"sgc@subscribe\"")
                    .doesNotContain("error");
            reader.send(SgcCalls.subscribe(LONG_CHANNEL, "l"));
            SgcCalls.reply(reader, "l");
            reader.send(SgcCalls.subscribe("other", "o"));
            SgcCalls.reply(reader, "o");

            // Every publication to the long channel is tested against the mask: the old matcher never finished.
            for (int i = 0; i < 5; i++) {
                publisher.send(SgcCalls.publish(LONG_CHANNEL, "long-" + i));
            }
            publisher.send(SgcCalls.publish("other", "after"));

            for (int i = 0; i < 5; i++) {
                assertThat(reader.nextContaining("sgc@event")).contains("long-" + i);
            }
            assertThat(reader.nextContaining("sgc@event")).contains("after");
        }
    }

    @Test
    void masksWithTooManyWildcardsAndOverlongNamesAreRefused() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder attacker = SgcCalls.connect(client, server)) {
            attacker.send(SgcCalls.subscribe("a*".repeat(17) + "b", "w"));
            assertThat(SgcCalls.reply(attacker, "w"))
                    .contains("\"code\":-32602")
                    .contains("more than 16 wildcards");

            attacker.send(SgcCalls.subscribe("a".repeat(257), "n"));
            assertThat(SgcCalls.reply(attacker, "n"))
                    .contains("\"code\":-32602")
                    .contains("longer than 256");

            attacker.send(SgcCalls.publish("x".repeat(300) + "*", "m").replace("}}", "},\"id\":\"p\"}"));
            assertThat(SgcCalls.reply(attacker, "p")).contains("\"code\":-32602");
        }
    }
}
