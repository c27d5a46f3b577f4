package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The subscribe rule {@code admin.*=admin} keeps anonymous clients off the admin channels. An anonymous attacker
 * tries masks and names that a second, differently folding matcher would have taken for {@code admin}: the dotless
 * {@code ı}, the dotted capital {@code İ}, the Kelvin sign, a combining sequence. Rules and masks now share one fold
 * and one matcher, so each attempt is either refused by the rule or names channels that are not the admin ones;
 * a publication to {@code admin.secret} never reaches the attacker.
 */
class DotlessIMaskCannotSlipPastAChannelRuleTest {

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_SUBSCRIBE, "admin.*=admin; key.*=admin; café.*=admin; *=")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void aDotlessIMaskDoesNotReceiveTheAdminChannel() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder attacker = SgcCalls.connect(client, server);
                TestClient.Recorder publisher = SgcCalls.connect(client, server)) {
            // Allowed: under the one fold, admın is not admin, so this mask names other channels.
            attacker.send(SgcCalls.subscribe("admın*", "1"));
            assertThat(SgcCalls.reply(attacker, "1")).doesNotContain("error");
            attacker.send(SgcCalls.subscribe("admın.secret", "2"));
            assertThat(SgcCalls.reply(attacker, "2")).doesNotContain("error");
            attacker.send(SgcCalls.subscribe("lobby", "3"));
            SgcCalls.reply(attacker, "3");

            publisher.send(SgcCalls.publish("admin.secret", "the secret"));
            publisher.send(SgcCalls.publish("admın.public", "decoy"));
            publisher.send(SgcCalls.publish("lobby", "marker"));

            // The publisher's messages are fanned out in order: had the secret reached the attacker, it would come
            // before the decoy and the marker.
            assertThat(attacker.nextContaining("sgc@event")).contains("decoy");
            assertThat(attacker.nextContaining("sgc@event")).contains("marker");
        }
    }

    @Test
    void spellingsThatFoldToAProtectedNameAreRefusedByTheRule() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
                TestClient.Recorder attacker = SgcCalls.connect(client, server)) {
            String[] attempts = {
                "ADMİN*", // the dotted capital I folds to i
                "ADMİN.secret",
                "AdMiN.*",
                "\u212Aey.*", // the Kelvin sign is K after NFC
                "cafe\u0301.menu", // a combining acute composes to é
                "*",
                "a?min.secret",
                "[a]dmin.*",
            };
            for (int i = 0; i < attempts.length; i++) {
                attacker.send(SgcCalls.subscribe(attempts[i], "r" + i));
                assertThat(SgcCalls.reply(attacker, "r" + i)).as(attempts[i]).contains("\"code\":-32003");
            }
        }
    }
}
