package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code switchboard.sgc-broker.protocols} and {@code switchboard.sgc-broker.max-protocols} decide what a broker
 * connection may open: a supported token the list leaves out gets an error frame like an unknown one, and so does one
 * more protocol than the limit, while the listed ones open.
 */
class BrokerOpensOnlyTheConfiguredProtocolsTest {

    static SwitchboardServer server;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.SGC_BROKER_PROTOCOLS, "esegece.com, v12.stomp")
                .environmentEntry(ConfigKeys.SGC_BROKER_MAX_PROTOCOLS, "1")
                .build();
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.shutdownNow();
        server.stop();
    }

    @Test
    void aSupportedProtocolTheListLeavesOutAndOneOverTheLimitGetErrors() throws Exception {
        try (TestClient.Recorder broker = TestClient.connect(http, TestClient.ws(server), "broker.esegece.com")) {
            assertThat(broker.ask("{\"broker\":\"open\",\"protocol\":\"mqtt\"}"))
                    .contains("\"broker\":\"error\"")
                    .contains("\"protocol\":\"mqtt\"")
                    .contains("not allowed");

            assertThat(broker.ask("{\"broker\":\"open\",\"protocol\":\"v12.stomp\"}"))
                    .isEqualTo("{\"broker\":\"opened\",\"protocol\":\"v12.stomp\"}");
            assertThat(broker.ask("{\"broker\":\"open\",\"protocol\":\"esegece.com\"}"))
                    .contains("\"broker\":\"error\"")
                    .contains("at most 1 protocols");

            assertThat(broker.ask("{\"broker\":\"close\",\"protocol\":\"v12.stomp\"}"))
                    .contains("\"broker\":\"closed\"")
                    .contains("\"code\":1000");
            assertThat(broker.ask("{\"broker\":\"open\",\"protocol\":\"esegece.com\"}"))
                    .isEqualTo("{\"broker\":\"opened\",\"protocol\":\"esegece.com\"}");
        }
    }
}
