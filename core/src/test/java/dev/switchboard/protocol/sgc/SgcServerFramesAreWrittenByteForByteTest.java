package dev.switchboard.protocol.sgc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.sgc.SgcMessage.WireId;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every frame the server writes is exact, byte for byte, field order included. */
class SgcServerFramesAreWrittenByteForByteTest {

    @Test
    void sessionMessage() {
        assertThat(SgcEncoder.session("g-1", QosLevel.LEVEL0))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@session\",\"message\":\"g-1\"},"
                        + "\"qos\":\"qosLevel0\",\"id\":\"g-1\"}");
        assertThat(SgcEncoder.session("g-1", QosLevel.LEVEL2)).contains("\"qos\":\"qosLevel2\"");
    }

    @Test
    void acknowledgmentPubrecAndPubrel() {
        WireId id = WireId.of("X");
        assertThat(SgcEncoder.acknowledgment(id))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@acknowledgment\"},\"id\":\"X\"}");
        assertThat(SgcEncoder.pubrec(id))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@pubrec\"},\"id\":\"X\"}");
        assertThat(SgcEncoder.pubrel(id))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@pubrel\","
                        + "\"params\":{\"qos\":\"qosLevel2\"},\"qos\":\"qosLevel2\",\"id\":\"X\"}");
    }

    @Test
    void subscribeAndUnsubscribeReplies() {
        assertThat(SgcEncoder.subscribed("news", WireId.of("s1")))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@subscribe\",\"channel\":\"news\"},"
                        + "\"id\":\"s1\"}");
        assertThat(SgcEncoder.subscribed("news", null))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@subscribe\",\"channel\":\"news\"}}");
        assertThat(SgcEncoder.unsubscribed("news", null))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@unsubscribe\",\"channel\":\"news\"}}");
    }

    @Test
    void eventAndMessagePushes() {
        assertThat(SgcEncoder.event("news", "hello"))
                .isEqualTo(
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@event\",\"channel\":\"news\",\"message\":\"hello\"}}");
        assertThat(SgcEncoder.message("", "hi"))
                .isEqualTo(
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@message\",\"channel\":\"\",\"message\":\"hi\"}}");
    }

    @Test
    void resultEmbedsJson() {
        assertThat(SgcEncoder.result("{\"sum\":3}", QosLevel.LEVEL1, WireId.of("r")))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"sum\":3},\"qos\":\"qosLevel1\",\"id\":\"r\"}");
        assertThat(SgcEncoder.result("\"text\"", QosLevel.LEVEL0, WireId.of("r")))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"text\",\"qos\":\"qosLevel0\",\"id\":\"r\"}");
    }

    @Test
    void errorObjects() {
        assertThat(SgcEncoder.error(-32601, "Method not found", null, QosLevel.LEVEL0, WireId.of("r")))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"},"
                        + "\"qos\":\"qosLevel0\",\"id\":\"r\"}");
        assertThat(SgcEncoder.error(-32700, "Parse error", "bad", QosLevel.LEVEL0, null))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32700,\"message\":\"Parse error\","
                        + "\"data\":\"bad\"},\"qos\":\"qosLevel0\",\"id\":null}");
    }

    @Test
    void textIsEscapedAsJson() {
        String nasty = "quote\" back\\ nl\n tab\t bell\u0007 é 😀";
        String frame = SgcEncoder.event("c", nasty);

        assertThat(frame).contains("quote\\\" back\\\\ nl\\n tab\\t bell\\u0007 é 😀");
        JsonValue parsed = SgcDecoder.read(frame);
        assertThat(parsed.asJsonObject().getJsonObject("result").getString("message"))
                .isEqualTo(nasty);
    }

    @Test
    void eventsWithTheirHistoryPositionResumeRepliesAndGaps() {
        assertThat(SgcEncoder.event("news", "hello", "e1", 7))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@event\",\"channel\":\"news\","
                        + "\"message\":\"hello\",\"offset\":7,\"epoch\":\"e1\"}}");
        assertThat(SgcEncoder.resumed("news", "e1", 7, WireId.of("r1")))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@resume\",\"channel\":\"news\","
                        + "\"offset\":7,\"epoch\":\"e1\"},\"id\":\"r1\"}");
        assertThat(SgcEncoder.resumed("news", "", 0, null))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@resume\",\"channel\":\"news\","
                        + "\"offset\":0,\"epoch\":\"\"}}");
        assertThat(SgcEncoder.gap("news", "evicted", "e1", 3, 5, ""))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@gap\",\"channel\":\"news\","
                        + "\"reason\":\"evicted\",\"epoch\":\"e1\",\"from\":3,\"to\":5}}");
        assertThat(SgcEncoder.gap("news", "epoch", "e2", 0, 0, "e1"))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@gap\",\"channel\":\"news\","
                        + "\"reason\":\"epoch\",\"epoch\":\"e2\",\"previousEpoch\":\"e1\"}}");
    }

    @Test
    void credentialRefreshRepliesAndExpiryWarnings() {
        Instant end = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(SgcEncoder.refreshed("alice", Optional.of(end), WireId.of("f")))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@refresh\",\"user\":\"alice\","
                        + "\"expiresAt\":\"2030-01-01T00:00:00Z\"},\"id\":\"f\"}");
        assertThat(SgcEncoder.refreshed("alice", Optional.empty(), null))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@refresh\",\"user\":\"alice\"}}");
        assertThat(SgcEncoder.expiring(end, 30))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@expiring\","
                        + "\"expiresAt\":\"2030-01-01T00:00:00Z\",\"seconds\":30}}");
    }
}
