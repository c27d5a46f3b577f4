package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WAMP v1 input that is no WAMP v1 message (not JSON, not an array, an unknown type, a wrong arity or element type,
 * bytes) closes that connection with 1002 (1003 for bytes); a message over the size bound with 1009; more prefixes,
 * subscriptions or excluded sessions than the budgets allow, or a URI longer than allowed, with 1008. The close
 * reason says why, and a neighbour session goes on publishing and receiving.
 */
class MalformedOrOverBudgetWampV1MessagesCloseOnlyThatSessionTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(Map.of(
            ConfigKeys.WAMP_MAX_MESSAGE_CHARS,
            "1024",
            ConfigKeys.WAMP_V1_MAX_PREFIXES,
            "2",
            ConfigKeys.WAMP_V1_MAX_URI_CHARS,
            "64",
            ConfigKeys.WAMP_V1_MAX_SESSION_LIST,
            "2",
            ConfigKeys.BUDGET_ANONYMOUS_SUBSCRIPTIONS,
            "3"));

    private static TestClient.Recorder v1() throws Exception {
        TestClient.Recorder socket = TestClient.connect(node.client(), node.ws("/"), "wamp");
        assertThat(socket.nextText()).startsWith("[0,");
        return socket;
    }

    /** Sends what the session cannot go on after, then checks the close and that a neighbour is still served. */
    private static void closes(int code, String reasonPart, String... messages) throws Exception {
        try (TestClient.Recorder bystander = v1();
                TestClient.Recorder client = v1()) {
            bystander.send("[5,\"bystander.topic\"]");
            // Its own publication coming back shows the subscription is in place.
            assertThat(bystander.ask("[7,\"bystander.topic\",\"ready\"]"))
                    .isEqualTo("[8,\"bystander.topic\",\"ready\"]");
            for (String message : messages) {
                client.send(message);
            }
            assertThat(client.closeCode()).isEqualTo(code);
            assertThat(client.closeReason.get()).contains(reasonPart);
            try (TestClient.Recorder publisher = v1()) {
                publisher.send("[7,\"bystander.topic\",\"still here\"]");
                assertThat(bystander.nextText()).isEqualTo("[8,\"bystander.topic\",\"still here\"]");
            }
        }
    }

    @Test
    void textThatIsNotJsonClosesWithProtocolError() throws Exception {
        closes(CloseCodes.PROTOCOL_ERROR, "not JSON", "[7,\"t\",");
    }

    @Test
    void jsonThatIsNotAnArrayClosesWithProtocolError() throws Exception {
        closes(CloseCodes.PROTOCOL_ERROR, "JSON array", "{\"type\":7}");
    }

    @Test
    void anUnknownOrServerOnlyTypeClosesWithProtocolError() throws Exception {
        closes(CloseCodes.PROTOCOL_ERROR, "message type 99", "[99,\"x\"]");
        closes(CloseCodes.PROTOCOL_ERROR, "message type 8", "[8,\"t\",\"event\"]");
        closes(CloseCodes.PROTOCOL_ERROR, "message type must be an integer", "[\"7\",\"t\",\"e\"]");
        // 2^32 + 2 would be CALL if it were cut to an int.
        closes(CloseCodes.PROTOCOL_ERROR, "out of range", "[4294967298,\"c\",\"com.example.p\"]");
    }

    @Test
    void aWrongArityOrElementTypeClosesWithProtocolError() throws Exception {
        closes(CloseCodes.PROTOCOL_ERROR, "SUBSCRIBE has 2 to 2 elements", "[5]");
        closes(CloseCodes.PROTOCOL_ERROR, "callId must be a string", "[2,17,\"p\"]");
        closes(CloseCodes.PROTOCOL_ERROR, "CALL has at least 3", "[2,\"c\"]");
        closes(CloseCodes.PROTOCOL_ERROR, "exclude must be a list", "[7,\"t\",\"e\",\"me\",[]]");
        closes(CloseCodes.PROTOCOL_ERROR, "prefix is not empty", "[1,\"a:b\",\"http://x/\"]");
    }

    @Test
    void bytesCloseWithUnsupportedData() throws Exception {
        try (TestClient.Recorder client = v1()) {
            client.socket
                    .sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true)
                    .join();
            assertThat(client.closeCode()).isEqualTo(CloseCodes.UNSUPPORTED_DATA);
        }
    }

    @Test
    void aMessageOverTheSizeBoundClosesWithMessageTooBig() throws Exception {
        closes(CloseCodes.MESSAGE_TOO_BIG, "at most 1024 characters", "[7,\"t\",\"" + "x".repeat(1100) + "\"]");
    }

    @Test
    void budgetsCloseWithPolicyViolation() throws Exception {
        closes(
                CloseCodes.POLICY_VIOLATION,
                "may define 2 prefixes",
                "[1,\"a\",\"http://a/\"]",
                "[1,\"b\",\"http://b/\"]",
                "[1,\"a\",\"http://a2/\"]",
                "[1,\"c\",\"http://c/\"]");
        closes(CloseCodes.POLICY_VIOLATION, "at most 64 characters", "[5,\"" + "t".repeat(65) + "\"]");
        // A CURIE may not expand past the bound either.
        closes(
                CloseCodes.POLICY_VIOLATION,
                "at most 64 characters",
                "[1,\"long\",\"" + "u".repeat(62) + "\"]",
                "[5,\"long:more\"]");
        closes(CloseCodes.POLICY_VIOLATION, "may name 2 sessions", "[7,\"t\",\"e\",[\"s1\",\"s2\"],[\"s3\"]]");
        closes(
                CloseCodes.POLICY_VIOLATION,
                "3 subscriptions",
                "[5,\"t1\"]",
                "[5,\"t2\"]",
                "[5,\"t1\"]",
                "[5,\"t3\"]",
                "[5,\"t4\"]");
    }
}
