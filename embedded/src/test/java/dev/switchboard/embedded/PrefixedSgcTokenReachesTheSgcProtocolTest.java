package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sgc JavaScript client offers {@code <prefix>.esegece.com} when a page gives it a prefix: the token reaches the
 * sgc protocol and is echoed as sent, while a prefixed presence token still reaches presence.
 */
class PrefixedSgcTokenReachesTheSgcProtocolTest {

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestClient.startServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void aPrefixedSgcTokenGetsAnSgcSessionAndIsEchoed() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient();
                TestClient.Recorder sgc = TestClient.connect(http, TestClient.ws(server), "myapp.esegece.com")) {
            assertThat(sgc.socket.getSubprotocol()).isEqualTo("myapp.esegece.com");
            assertThat(sgc.nextText()).contains("sgc@session");
        }
        try (HttpClient http = HttpClient.newHttpClient();
                TestClient.Recorder presence =
                        TestClient.connect(http, TestClient.ws(server), "myapppresence.esegece.com")) {
            assertThat(presence.socket.getSubprotocol()).isEqualTo("myapppresence.esegece.com");
            assertThat(presence.nextText()).contains("sgc@presence@session");
        }
    }
}
