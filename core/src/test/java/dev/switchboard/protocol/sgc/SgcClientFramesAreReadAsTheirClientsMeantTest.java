package dev.switchboard.protocol.sgc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.sgc.SgcMessage.Kind;
import dev.switchboard.protocol.sgc.SgcMessage.WireId;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every message shape sgc clients send is read as intended; what the client got wrong has its JSON-RPC code. */
class SgcClientFramesAreReadAsTheirClientsMeantTest {

    private static SgcMessage parse(String text) throws MalformedMessage {
        return SgcDecoder.parse(text);
    }

    private static MalformedMessage failure(String text) {
        try {
            SgcDecoder.parse(text);
        } catch (MalformedMessage e) {
            return e;
        }
        throw new AssertionError("parsed: " + text);
    }

    // ---- Pascal (Delphi TsgcWSPClient_sgc) shapes --------------------------------------------------------

    @Test
    void pascalSubscribeWithoutIdAndQosInParamsAndTop() throws Exception {
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"news\","
                + "\"qos\":\"qosLevel0\"},\"qos\":\"qosLevel0\"}");

        assertThat(m.kind()).isEqualTo(Kind.REQUEST);
        assertThat(m.method()).isEqualTo("sgc@subscribe");
        assertThat(m.channel()).isEqualTo("news");
        assertThat(m.id()).isNull();
        assertThat(m.qos()).isEqualTo(QosLevel.LEVEL0);
    }

    @Test
    void pascalPublishWithQosAndQueue() throws Exception {
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"message\":\"hello\","
                + "\"channel\":\"news\",\"qos\":\"qosLevel1\",\"queue\":\"queueLevel2\"},\"qos\":\"qosLevel1\","
                + "\"id\":\"X1\"}");

        assertThat(m.message()).isEqualTo("hello");
        assertThat(m.qos()).isEqualTo(QosLevel.LEVEL1);
        assertThat(m.queue()).isEqualTo(QueueLevel.LEVEL2);
        assertThat(m.id()).isEqualTo(new WireId("X1", "\"X1\""));
    }

    @Test
    void qosAtTopLevelOnlyApplies() throws Exception {
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"message\":\"m\","
                + "\"channel\":\"c\"},\"qos\":\"qosLevel2\",\"id\":\"q\"}");

        assertThat(m.qos()).isEqualTo(QosLevel.LEVEL2);
    }

    @Test
    void paramsQosWinsOverTopLevel() throws Exception {
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"c\","
                + "\"qos\":\"qosLevel1\"},\"qos\":\"qosLevel2\",\"id\":\"q\"}");

        assertThat(m.qos()).isEqualTo(QosLevel.LEVEL1);
    }

    @Test
    void pascalAcknowledgmentIsAResultPush() throws Exception {
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@acknowledgment\"},\"id\":\"g-1\"}");

        assertThat(m.kind()).isEqualTo(Kind.RESULT);
        assertThat(m.method()).isEqualTo("sgc@acknowledgment");
        assertThat(m.id().key()).isEqualTo("g-1");
    }

    @Test
    void pubrelRequest() throws Exception {
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@pubrel\",\"params\":{\"qos\":\"qosLevel2\"},"
                + "\"qos\":\"qosLevel2\",\"id\":\"X\"}");

        assertThat(m.method()).isEqualTo("sgc@pubrel");
        assertThat(m.qos()).isEqualTo(QosLevel.LEVEL2);
    }

    @Test
    void errorObjectFromAClient() throws Exception {
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"x\"},\"id\":\"e\"}");

        assertThat(m.kind()).isEqualTo(Kind.ERROR);
        assertThat(m.method()).isNull();
    }

    // ---- JavaScript (sgcws) shapes -----------------------------------------------------------------------

    @Test
    void jsSubscribeWithIdAndEmptyMessage() throws Exception {
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"news\","
                + "\"message\":\"\"},\"id\":\"6f1c\"}");

        assertThat(m.channel()).isEqualTo("news");
        assertThat(m.message()).isEmpty();
        assertThat(m.id().key()).isEqualTo("6f1c");
    }

    @Test
    void jsGetSessionHasNoParams() throws Exception {
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@session\"}");

        assertThat(m.method()).isEqualTo("sgc@session");
        assertThat(m.params()).isNull();
        assertThat(m.channel()).isNull();
        assertThat(m.message()).isNull();
    }

    @ParameterizedTest(name = "message {0} reads as {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"a\":1,\"b\":[true,null]}|{\"a\":1,\"b\":[true,null]}",
                "[1,2,3]|[1,2,3]",
                "42|42",
                "true|true",
                "\"quoted\"|quoted"
            })
    void jsSendsMessageAsRawJsonValue(String raw, String text) throws Exception {
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"c\","
                + "\"message\":" + raw + "}}");

        assertThat(m.message()).isEqualTo(text);
    }

    @Test
    void paramsAsStringHoldingTheSgcFields() throws Exception {
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\","
                + "\"params\":\"{\\\"channel\\\":\\\"news\\\",\\\"message\\\":\\\"hi\\\"}\",\"id\":\"s\"}");

        assertThat(m.channel()).isEqualTo("news");
        assertThat(m.message()).isEqualTo("hi");
    }

    @Test
    void rpc2013SendsParamsRaw() throws Exception {
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"method\":\"test\",\"params\":{\"param\":10},\"id\":\"r1\"}");

        assertThat(m.method()).isEqualTo("test");
        assertThat(m.params().toString()).isEqualTo("{\"param\":10}");
    }

    @Test
    void rpc2021SendsParamsAsEscapedString() throws Exception {
        SgcMessage m =
                parse("{\"jsonrpc\":\"2.0\",\"method\":\"test\",\"params\":\"{\\\"param\\\":10}\"," + "\"id\":\"r2\"}");

        assertThat(m.params()).isInstanceOf(JsonString.class);
        assertThat(((JsonString) m.params()).getString()).isEqualTo("{\"param\":10}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"jsonrpc\":\"2.0\",\"method\":\"test\",\"params\":\"{\"param\":10}\",\"id\":\"r3\"}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"test\",\"id\":\"r3\",\"params\":\"{\"param\":10}\"}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"test\",\"params\":\"{\"param\":10}\",\"qos\":\"qosLevel0\",\"id\":\"r3\"}"
            })
    void rpc2021UnescapedStringifyOutputIsRepaired(String frame) throws Exception {
        SgcMessage m = parse(frame);

        assertThat(m.method()).isEqualTo("test");
        assertThat(m.id().key()).isEqualTo("r3");
        assertThat(((JsonString) m.params()).getString()).isEqualTo("{\"param\":10}");
    }

    @Test
    void notify2021SendsEmptyStringParams() throws Exception {
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"method\":\"count\",\"params\":\"\"}");

        assertThat(m.id()).isNull();
        assertThat(SgcCalls.paramCandidates(m.params())).containsExactly((JsonValue) null);
    }

    @Test
    void numericIdIsEchoedAsANumber() throws Exception {
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":{\"a\":1,\"b\":2},\"id\":7}");

        assertThat(m.id()).isEqualTo(new WireId("7", "7"));
        assertThat(SgcEncoder.result("3", QosLevel.LEVEL0, m.id()))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":3,\"qos\":\"qosLevel0\",\"id\":7}");
    }

    @ParameterizedTest(name = "id {0} counts as no id")
    @ValueSource(strings = {"\"\"", "null"})
    void emptyOrNullIdIsNoId(String id) throws Exception {
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@message\",\"id\":" + id + "}")
                        .id())
                .isNull();
    }

    @Test
    void base64MessageIsDecoded() throws Exception {
        String encoded = Base64.getEncoder().encodeToString("héllo {\"x\"}".getBytes(StandardCharsets.UTF_8));
        SgcMessage m = parse("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"c\","
                + "\"message\":\"sgc@b64:" + encoded + "\"}}");

        assertThat(m.message()).isEqualTo("héllo {\"x\"}");
    }

    // ---- malformed input ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{1} for {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json at all|-32700",
                "{\"jsonrpc\":\"2.0\",\"method\":|-32700",
                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@session\"} trailing|-32700",
                "[{\"jsonrpc\":\"2.0\",\"method\":\"sgc@session\"}]|-32600",
                "\"just a string\"|-32600",
                "{\"method\":\"sgc@session\"}|-32600",
                "{\"jsonrpc\":\"1.0\",\"method\":\"sgc@session\"}|-32600",
                "{\"jsonrpc\":2.0,\"method\":\"sgc@session\"}|-32600",
                "{\"jsonrpc\":\"2.0\",\"params\":{}}|-32600",
                "{\"jsonrpc\":\"2.0\",\"method\":17}|-32600",
                "{\"jsonrpc\":\"2.0\",\"method\":\"\"}|-32600",
                "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"id\":{\"a\":1}}|-32600",
                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"c\",\"qos\":\"qosLevel9\"}}|-32602",
                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"c\",\"queue\":\"q\"}}|-32602",
                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"c\",\"message\":\"sgc@b64:%%%\"}}|-32602",
                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":[1]}}|-32602"
            })
    void malformedInputHasItsJsonRpcCode(String frame, int code) {
        assertThat(failure(frame).code()).isEqualTo(code);
    }

    @Test
    void invalidRequestEchoesAReadableId() {
        MalformedMessage e = failure("{\"jsonrpc\":\"1.0\",\"method\":\"x\",\"id\":\"keep\"}");

        assertThat(e.id()).isEqualTo(new WireId("keep", "\"keep\""));
        assertThatThrownBy(() -> SgcDecoder.parse("nope"))
                .isInstanceOf(MalformedMessage.class)
                .hasMessage("Parse error");
    }
}
