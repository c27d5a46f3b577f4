package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.UpgradeCheck;
import dev.switchboard.spi.UpgradeRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application's upgrade check that refuses a subprotocol at the handshake refuses it inside a broker connection
 * too: the broker protocol is no way around it, and the protocols the check lets through still open.
 */
class BrokerInnerProtocolsMeetTheUpgradeChecksTest {

    /** Refuses STOMP, whichever way it is asked for. */
    @ApplicationScoped
    @Priority(10)
    public static class NoStomp implements UpgradeCheck {
        @Override
        public CheckResult check(UpgradeRequest request) {
            return request.subprotocol().filter(name -> name.endsWith(".stomp")).isPresent()
                    ? CheckResult.reject(403, "no STOMP here")
                    : CheckResult.notApplicable();
        }
    }

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(NoStomp.class));

    @Test
    void aProtocolTheChecksRefuseAtTheHandshakeIsRefusedInsideTheBroker() throws Exception {
        Throwable direct = catchThrowable(() -> TestClient.connect(node.client(), node.ws("/"), "v12.stomp"));
        assertThat(direct)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) direct.getCause())
                        .getResponse()
                        .statusCode())
                .isEqualTo(403);

        try (TestClient.Recorder broker = TestClient.connect(node.client(), node.ws("/"), "broker.esegece.com")) {
            assertThat(broker.ask("{\"broker\":\"open\",\"protocol\":\"v12.stomp\"}"))
                    .contains("\"broker\":\"error\"")
                    .contains("\"protocol\":\"v12.stomp\"")
                    .contains("refused by the handshake checks (403)");
            assertThat(broker.ask("{\"broker\":\"open\",\"protocol\":\"esegece.com\"}"))
                    .isEqualTo("{\"broker\":\"opened\",\"protocol\":\"esegece.com\"}");
        }
    }
}
