package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad WAMP input (not JSON, not an array, an unknown type, a wrong arity or type, a second HELLO, an unknown realm,
 * silence instead of HELLO, bytes that are not MessagePack) ends that client's session with ABORT and a close, and
 * never its neighbour's.
 */
class MalformedWampMessagesAreAbortedTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(Map.of(ConfigKeys.WAMP_HELLO_TIMEOUT, "300"));

    private static TestClient.Recorder join() throws Exception {
        TestClient.Recorder wamp = TestClient.connect(node.client(), node.ws("/"), "wamp.2.json");
        assertThat(wamp.ask("[1,\"realm1\",{\"roles\":{\"subscriber\":{}}}]")).startsWith("[2,");
        return wamp;
    }

    private static void abortedAsViolation(String message) throws Exception {
        try (TestClient.Recorder bystander = join();
                TestClient.Recorder wamp = join()) {
            assertThat(bystander.ask("[32,1,{},\"bystander.topic\"]")).isEqualTo("[33,1,1]");
            assertThat(wamp.ask(message)).startsWith("[3,{\"message\":").endsWith("\"wamp.error.protocol_violation\"]");
            assertThat(wamp.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
            // The neighbour still publishes and receives.
            try (TestClient.Recorder publisher = join()) {
                publisher.send("[16,1,{},\"bystander.topic\",[\"still here\"]]");
                assertThat(bystander.nextText()).endsWith("[\"still here\"]]");
            }
        }
    }

    @Test
    void textThatIsNotJsonIsAProtocolViolation() throws Exception {
        abortedAsViolation("[16,1,{");
    }

    @Test
    void jsonThatIsNotAnArrayIsAProtocolViolation() throws Exception {
        abortedAsViolation("{\"type\":16}");
    }

    @Test
    void anUnknownMessageTypeIsAProtocolViolation() throws Exception {
        abortedAsViolation("[99,1,{}]");
    }

    @Test
    void aWrongArityOrElementTypeIsAProtocolViolation() throws Exception {
        abortedAsViolation("[32,1,{}]");
        abortedAsViolation("[32,\"one\",{},\"t\"]");
        abortedAsViolation("[16,1,{},\"t\",\"not a list\"]");
    }

    @Test
    void aSecondHelloIsAProtocolViolation() throws Exception {
        abortedAsViolation("[1,\"realm1\",{}]");
    }

    @Test
    void aSecondHelloWhileTheChallengeIsOutstandingIsAProtocolViolation() throws Exception {
        try (TestClient.Recorder wamp = TestClient.connect(node.client(), node.ws("/"), "wamp.2.json")) {
            assertThat(wamp.ask("[1,\"realm1\",{\"authmethods\":[\"ticket\"],\"authid\":\"x\"}]"))
                    .isEqualTo("[4,\"ticket\",{}]");
            assertThat(wamp.ask("[1,\"realm1\",{}]")).endsWith("\"wamp.error.protocol_violation\"]");
            assertThat(wamp.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void aMessageBeforeHelloIsAProtocolViolation() throws Exception {
        try (TestClient.Recorder wamp = TestClient.connect(node.client(), node.ws("/"), "wamp.2.json")) {
            assertThat(wamp.ask("[32,1,{},\"t\"]")).endsWith("\"wamp.error.protocol_violation\"]");
            assertThat(wamp.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void anUnknownRealmIsAborted() throws Exception {
        try (TestClient.Recorder wamp = TestClient.connect(node.client(), node.ws("/"), "wamp.2.json")) {
            assertThat(wamp.ask("[1,\"nowhere\",{}]")).startsWith("[3,").endsWith("\"wamp.error.no_such_realm\"]");
            assertThat(wamp.closeCode()).isEqualTo(CloseCodes.NORMAL);
        }
    }

    @Test
    void aClientThatSendsNoHelloIsClosed() throws Exception {
        try (TestClient.Recorder wamp = TestClient.connect(node.client(), node.ws("/"), "wamp.2.json")) {
            assertThat(wamp.nextText()).startsWith("[3,").contains("no HELLO within 300 ms");
            assertThat(wamp.closeCode()).isEqualTo(CloseCodes.HEARTBEAT_TIMEOUT);
        }
    }

    @Test
    void bytesThatAreNotMessagePackAreAProtocolViolationAndTextIsRefusedOnMsgpack() throws Exception {
        try (TestClient.Recorder wamp = TestClient.connect(node.client(), node.ws("/"), "wamp.2.msgpack")) {
            // 0xc1 is a byte MessagePack never uses.
            wamp.socket
                    .sendBinary(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0x93, 0x01, (byte) 0xc1}), true)
                    .join();
            byte[] abort = wamp.nextBinary();
            // A fixarray of three, then the ABORT code 3.
            assertThat(abort[0]).isEqualTo((byte) 0x93);
            assertThat(abort[1]).isEqualTo((byte) 0x03);
            assertThat(new String(abort, java.nio.charset.StandardCharsets.UTF_8))
                    .endsWith("wamp.error.protocol_violation");
            assertThat(wamp.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
        }
        try (TestClient.Recorder wamp = TestClient.connect(node.client(), node.ws("/"), "wamp.2.msgpack")) {
            wamp.send("[1,\"realm1\",{}]");
            assertThat(wamp.closeCode()).isEqualTo(CloseCodes.UNSUPPORTED_DATA);
        }
    }

    @Test
    void goodbyeIsAnsweredAndTheConnectionCloses() throws Exception {
        try (TestClient.Recorder wamp = join()) {
            assertThat(wamp.ask("[6,{},\"wamp.close.system_shutdown\"]"))
                    .isEqualTo("[6,{},\"wamp.close.goodbye_and_out\"]");
            assertThat(wamp.closeCode()).isEqualTo(CloseCodes.NORMAL);
        }
    }
}
