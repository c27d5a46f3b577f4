package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A STOMP client that sends a frame over the size limit, too many headers, an unknown command or a SEND without a
 * destination, or never sends CONNECT, gets an ERROR frame naming the problem and then a close with the documented
 * code; the other STOMP connections keep working.
 */
class MalformedStompFramesGetAnErrorAndACloseTest {

    private static final String CONNECT = "CONNECT\naccept-version:1.2\nhost:/\n\n\0";

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(Map.of(
            ConfigKeys.STOMP_MAX_FRAME_BYTES,
            "1024",
            ConfigKeys.STOMP_MAX_HEADERS,
            "8",
            ConfigKeys.STOMP_MAX_TRANSACTIONS,
            "2",
            ConfigKeys.STOMP_MAX_TRANSACTION_FRAMES,
            "3",
            ConfigKeys.STOMP_CONNECT_TIMEOUT,
            "300"));

    private static TestClient.Recorder connected() throws Exception {
        TestClient.Recorder stomp = TestClient.connect(node.client(), node.ws("/"), "v12.stomp");
        assertThat(stomp.ask(CONNECT)).startsWith("CONNECTED\n").contains("version:1.2");
        return stomp;
    }

    /** Sends a bad frame and returns the ERROR frame; the close code is checked by the caller. */
    private static String errorFor(TestClient.Recorder stomp, String frame) throws Exception {
        String error = stomp.ask(frame);
        assertThat(error).startsWith("ERROR\n");
        return error;
    }

    @Test
    void badFramesAreAnsweredWithErrorThenACloseWhileOtherConnectionsKeepWorking() throws Exception {
        try (TestClient.Recorder listener = connected();
                TestClient.Recorder oversized = connected();
                TestClient.Recorder manyHeaders = connected();
                TestClient.Recorder badCommand = connected();
                TestClient.Recorder noDestination = connected();
                TestClient.Recorder beforeConnect = TestClient.connect(node.client(), node.ws("/"), "v12.stomp");
                TestClient.Recorder sender = connected()) {
            assertThat(listener.ask("SUBSCRIBE\nid:0\ndestination:/topic/still-here\nreceipt:r\n\n\0"))
                    .startsWith("RECEIPT\n")
                    .contains("receipt-id:r");

            assertThat(errorFor(oversized, "SEND\ndestination:/topic/x\n\n" + "x".repeat(2000) + "\0"))
                    .contains("message:frame larger than 1024 bytes");
            assertThat(oversized.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);

            StringBuilder headers = new StringBuilder("SEND\ndestination:/topic/x\n");
            for (int i = 0; i < 20; i++) {
                headers.append("h").append(i).append(":v\n");
            }
            assertThat(errorFor(manyHeaders, headers + "\n\0")).contains("message:more than 8 headers");
            assertThat(manyHeaders.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);

            assertThat(errorFor(badCommand, "PUBLISH\ndestination:/topic/x\n\n\0"))
                    .contains("unknown command");
            assertThat(badCommand.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);

            assertThat(errorFor(noDestination, "SEND\nreceipt:s1\n\nbody\0"))
                    .contains("SEND needs a destination header")
                    .contains("receipt-id:s1");
            assertThat(noDestination.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);

            assertThat(errorFor(beforeConnect, "SEND\ndestination:/topic/x\n\n\0"))
                    .contains("the first frame must be CONNECT");
            assertThat(beforeConnect.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);

            sender.send("SEND\ndestination:/topic/still-here\n\nalive\0");
            String message = listener.nextContaining("MESSAGE");
            assertThat(message).contains("destination:/topic/still-here").endsWith("\n\nalive\0");
            assertThat(listener.isOpen()).isTrue();
        }
    }

    @Test
    void aClientThatNeverSendsConnectGetsAnErrorAndACloseAfterTheConnectTimeout() throws Exception {
        try (TestClient.Recorder connectedInTime = connected();
                TestClient.Recorder silent = TestClient.connect(node.client(), node.ws("/"), "v12.stomp")) {
            assertThat(silent.nextContaining("ERROR")).contains("message:no CONNECT frame within 300 ms");
            assertThat(silent.closeCode()).isEqualTo(CloseCodes.HEARTBEAT_TIMEOUT);
            // Opened before the silent one, so past the timeout too: a connected session has no such deadline.
            assertThat(connectedInTime.ask("SUBSCRIBE\nid:0\ndestination:/topic/in-time\nreceipt:r\n\n\0"))
                    .startsWith("RECEIPT\n");
        }
    }

    @Test
    void transactionsBeyondTheirBoundsAreAnsweredWithErrorThenAClose() throws Exception {
        try (TestClient.Recorder tooMany = connected();
                TestClient.Recorder tooLarge = connected()) {
            for (String tx : new String[] {"t1", "t2"}) {
                assertThat(tooMany.ask("BEGIN\ntransaction:" + tx + "\nreceipt:" + tx + "\n\n\0"))
                        .startsWith("RECEIPT\n");
            }
            assertThat(errorFor(tooMany, "BEGIN\ntransaction:t3\n\n\0"))
                    .contains("a connection may have 2 transactions open");
            assertThat(tooMany.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);

            assertThat(tooLarge.ask("BEGIN\ntransaction:t\nreceipt:b\n\n\0")).startsWith("RECEIPT\n");
            // A transaction's SEND is answered at COMMIT, so the three that fit are sent without waiting.
            for (int i = 0; i < 3; i++) {
                tooLarge.send("SEND\ndestination:/topic/tx-bound\ntransaction:t\n\nm\0");
            }
            assertThat(errorFor(tooLarge, "SEND\ndestination:/topic/tx-bound\ntransaction:t\n\nm\0"))
                    .contains("a transaction holds at most 3 frames");
            assertThat(tooLarge.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void aDestinationOutsideTheMappingIsRefused() throws Exception {
        try (TestClient.Recorder stomp = connected()) {
            assertThat(errorFor(stomp, "SUBSCRIBE\nid:0\ndestination:/exchange/amq.topic\n\n\0"))
                    .contains("is not served");
            assertThat(stomp.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
        }
    }
}
