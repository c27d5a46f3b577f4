package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
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

    private static final String SGC = "esegece.com";

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder().host("127.0.0.1").port(0)
                .environmentEntry(ConfigKeys.AUTH_SUBSCRIBE, "admin.*=admin; key.*=admin; café.*=admin; *=")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private static TestClient.Recorder sgc(HttpClient client) throws Exception {
        TestClient.Recorder socket = TestClient.connect(client, URI.create("ws://127.0.0.1:" + server.port() + "/"),
                Map.of(), SGC);
        socket.nextContaining("sgc@session");
        return socket;
    }

    private static String subscribe(String channel, String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + channel
                + "\"},\"id\":\"" + id + "\"}";
    }

    private static String publish(String channel, String message) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                + "\",\"message\":\"" + message + "\"}}";
    }

    private static String reply(TestClient.Recorder socket, String id) throws InterruptedException {
        while (true) {
            String text = socket.nextContaining("\"id\":\"" + id + "\"");
            if (!text.contains("sgc@acknowledgment")) {
                return text;
            }
        }
    }

    @Test
    void aDotlessIMaskDoesNotReceiveTheAdminChannel() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient();
             TestClient.Recorder attacker = sgc(client);
             TestClient.Recorder publisher = sgc(client)) {
            // Allowed: under the one fold, admın is not admin, so this mask names other channels.
            attacker.send(subscribe("admın*", "1"));
            assertThat(reply(attacker, "1")).doesNotContain("error");
            attacker.send(subscribe("admın.secret", "2"));
            assertThat(reply(attacker, "2")).doesNotContain("error");
            attacker.send(subscribe("lobby", "3"));
            reply(attacker, "3");

            publisher.send(publish("admin.secret", "the secret"));
            publisher.send(publish("admın.public", "decoy"));
            publisher.send(publish("lobby", "marker"));

            // The publisher's messages are fanned out in order: had the secret reached the attacker, it would come
            // before the decoy and the marker.
            assertThat(attacker.nextContaining("sgc@event")).contains("decoy");
            assertThat(attacker.nextContaining("sgc@event")).contains("marker");
        }
    }

    @Test
    void spellingsThatFoldToAProtectedNameAreRefusedByTheRule() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient(); TestClient.Recorder attacker = sgc(client)) {
            String[] attempts = {
                "ADMİN*",            // the dotted capital I folds to i
                "ADMİN.secret",
                "AdMiN.*",
                "\u212Aey.*",        // the Kelvin sign is K after NFC
                "cafe\u0301.menu",   // a combining acute composes to é
                "*",
                "a?min.secret",
                "[a]dmin.*",
            };
            for (int i = 0; i < attempts.length; i++) {
                attacker.send(subscribe(attempts[i], "r" + i));
                assertThat(reply(attacker, "r" + i)).as(attempts[i]).contains("\"code\":-32003");
            }
        }
    }
}
