package dev.switchboard.protocol.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Timeout;

/**
 * Any client frame on the broker protocol decodes into an envelope or is refused with
 * {@link BrokerEnvelope.MalformedEnvelope}: a text frame into its kind, protocol and data, a binary frame into a
 * printable US-ASCII protocol token and a payload that lies inside the frame.
 */
class BrokerEnvelopesDecodeOrAreRefusedFuzzTest {

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void text(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            assertThat(BrokerEnvelope.decode(text)).isNotNull();
        } catch (BrokerEnvelope.MalformedEnvelope e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void binary(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            BrokerEnvelope.Binary binary = BrokerEnvelope.decodeBinary(ByteBuffer.wrap(bytes));
            assertThat(BrokerEnvelope.printableToken(binary.protocol())).isTrue();
            assertThat(1 + binary.protocol().length() + binary.payload().remaining())
                    .isEqualTo(bytes.length);
        } catch (BrokerEnvelope.MalformedEnvelope e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
