package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.spi.InboundMessageCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inbound message checks (the firewall's, an application's) judge a broker connection's inner frames decoded, as
 * the inner protocol reads them, besides the envelope the socket carried: a word the envelope hides behind a JSON
 * escape is still caught, and the refusal closes the socket with the check's code.
 */
class BrokerInnerFramesMeetTheInboundChecksDecodedTest {

    /** Refuses any text containing {@code forbidden}; records what it saw, by subprotocol. */
    @ApplicationScoped
    public static class ForbiddenWordCheck implements InboundMessageCheck {
        static final List<String> SEEN = new CopyOnWriteArrayList<>();

        @Override
        public Verdict checkText(Connection connection, String message) {
            SEEN.add(connection.subprotocol().orElse("") + " " + message);
            return message.contains("forbidden")
                    ? new Verdict.Refuse(CloseCodes.POLICY_VIOLATION, "forbidden word")
                    : Verdict.ACCEPT;
        }
    }

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(ForbiddenWordCheck.class));

    @Test
    void theCheckSeesTheDecodedInnerFrameAndItsRefusalClosesTheSocket() throws Exception {
        try (TestClient.Recorder broker = TestClient.connect(node.client(), node.ws("/"), "broker.esegece.com")) {
            broker.send("{\"broker\":\"open\",\"protocol\":\"esegece.com\"}");
            broker.nextContaining("sgc@session");

            String inner =
                    "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"c\",\"message\":\"ok\"}}";
            broker.send("{\"broker\":\"message\",\"protocol\":\"esegece.com\",\"data\":"
                    + jakarta.json.Json.createValue(inner) + "}");
            dev.switchboard.embedded.testing.Await.until(
                    "the check saw the inner frame", () -> ForbiddenWordCheck.SEEN.contains("esegece.com " + inner));
            assertThat(ForbiddenWordCheck.SEEN).anyMatch(seen -> seen.startsWith("broker.esegece.com {\"broker\""));

            // In the envelope the word is a JSON escape; the inner protocol (and so the check) reads it plainly.
            broker.send("{\"broker\":\"message\",\"protocol\":\"esegece.com\",\"data\":\"{\\\"jsonrpc\\\":\\\"2.0\\\","
                    + "\\\"method\\\":\\\"sgc@publish\\\",\\\"params\\\":{\\\"channel\\\":\\\"c\\\","
                    + "\\\"message\\\":\\\"\\u0066orbidden\\\"}}\"}");

            assertThat(broker.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(broker.closeReason.join()).isEqualTo("forbidden word");
        }
    }
}
