package dev.switchboard.protocol.sgc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.api.RpcException;
import java.util.Set;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever text a client sends on {@code esegece.com}, the sgc reader returns a message or a {@link MalformedMessage}
 * carrying one of the three JSON-RPC codes it documents; the {@code sgc@b64:} decoder returns text or -32602. Any
 * other exception, or an input that takes longer than the per-input timeout, fails the test.
 */
class SgcFramesDecodeToAMessageOrAJsonRpcErrorFuzzTest {

    private static final Set<Integer> DOCUMENTED_CODES =
            Set.of(RpcException.PARSE_ERROR, RpcException.INVALID_REQUEST, RpcException.INVALID_PARAMS);

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void frame(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            SgcMessage message = SgcDecoder.parse(text);
            assertThat(message).isNotNull();
        } catch (MalformedMessage e) {
            assertThat(DOCUMENTED_CODES).contains(e.code());
        }
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void base64Message(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            String decoded = SgcDecoder.decodeB64(text, null);
            if (!text.startsWith("sgc@b64:")) {
                assertThat(decoded).isSameAs(text);
            }
        } catch (MalformedMessage e) {
            assertThat(text).startsWith("sgc@b64:");
            assertThat(e.code()).isEqualTo(RpcException.INVALID_PARAMS);
        }
    }
}
