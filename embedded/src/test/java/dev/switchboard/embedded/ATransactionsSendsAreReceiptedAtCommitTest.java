package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.RunningNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A RECEIPT for a SEND promises that the broker has the message, so a SEND held in a transaction is receipted at
 * COMMIT, not when it is held; an aborted one is never receipted, the ABORT's own RECEIPT confirms the drop.
 */
class ATransactionsSendsAreReceiptedAtCommitTest {

    private static final String CONNECT = "CONNECT\naccept-version:1.2\nhost:/\n\n\0";

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass();

    @Test
    void aHeldSendIsReceiptedOnlyAfterItsCommitAndAnAbortedOneNever() throws Exception {
        try (TestClient.Recorder stomp = TestClient.connect(node.client(), node.ws("/"), "v12.stomp")) {
            assertThat(stomp.ask(CONNECT)).startsWith("CONNECTED\n");
            assertThat(stomp.ask("BEGIN\ntransaction:t1\n\n\0" + "BEGIN\ntransaction:t2\nreceipt:b\n\n\0"))
                    .contains("receipt-id:b");

            stomp.send("SEND\ndestination:/topic/tx-receipts\ntransaction:t1\nreceipt:held\n\nm1\0");
            stomp.send("SEND\ndestination:/topic/tx-receipts\ntransaction:t2\nreceipt:aborted\n\nm2\0");
            // Frames are answered in order: this receipt arriving next shows that neither SEND was receipted.
            assertThat(stomp.ask("ABORT\ntransaction:t2\nreceipt:abort\n\n\0")).contains("receipt-id:abort");

            stomp.send("COMMIT\ntransaction:t1\nreceipt:commit\n\n\0");
            List<String> receipts = new ArrayList<>();
            receipts.add(receiptId(stomp.nextContaining("RECEIPT")));
            receipts.add(receiptId(stomp.nextContaining("RECEIPT")));
            assertThat(receipts).containsExactlyInAnyOrder("held", "commit");

            assertThat(stomp.ask("DISCONNECT\nreceipt:bye\n\n\0"))
                    .as("no late receipt for the aborted SEND")
                    .contains("receipt-id:bye");
        }
    }

    private static String receiptId(String frame) {
        int start = frame.indexOf("receipt-id:") + "receipt-id:".length();
        return frame.substring(start, frame.indexOf('\n', start));
    }
}
