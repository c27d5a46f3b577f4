package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code switchboard.sgc-broker.protocols} and {@code switchboard.sgc-broker.max-protocols} decide what a broker
 * connection may open: a supported token the list leaves out gets an error frame like an unknown one, and so does one
 * more protocol than the limit, while the listed ones open.
 */
class BrokerOpensOnlyTheConfiguredProtocolsTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(Map.of(
            ConfigKeys.SGC_BROKER_PROTOCOLS, "esegece.com, v12.stomp", ConfigKeys.SGC_BROKER_MAX_PROTOCOLS, "1"));

    @Test
    void aSupportedProtocolTheListLeavesOutAndOneOverTheLimitGetErrors() throws Exception {
        try (TestClient.Recorder broker = TestClient.connect(node.client(), node.ws("/"), "broker.esegece.com")) {
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
