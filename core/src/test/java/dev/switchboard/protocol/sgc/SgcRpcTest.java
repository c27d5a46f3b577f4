package dev.switchboard.protocol.sgc;

import static dev.switchboard.protocol.sgc.SgcHarness.ack;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JSON-RPC calls and notifications to {@code @RpcMethod} beans, without authorization. */
class SgcRpcTest {

    private static SgcHarness sgc;

    @BeforeAll
    static void start() {
        sgc = SgcHarness.start();
    }

    @AfterAll
    static void stop() {
        sgc.close();
    }

    private static String result(String json, String id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":" + json + ",\"qos\":\"qosLevel0\",\"id\":\"" + id + "\"}";
    }

    private static String error(int code, String message, String id) {
        return "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"},"
                + "\"qos\":\"qosLevel0\",\"id\":\"" + id + "\"}";
    }

    @Test
    void aCallIsAcknowledgedThenAnsweredWithTheMappedResult() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":{\"a\":2,\"b\":3}," + "\"id\":\"r1\"}"))
                .containsExactly(ack("r1"), result("{\"sum\":5}", "r1"));
    }

    @Test
    void theManualsExampleWorksInEveryParamsForm() {
        TestConnection client = sgc.connectQuietly();
        String raw = "{\"jsonrpc\":\"2.0\",\"method\":\"test\",\"params\":{\"param\":10},\"id\":\"a\"}";
        String escaped = "{\"jsonrpc\":\"2.0\",\"method\":\"test\",\"params\":\"{\\\"param\\\":10}\",\"id\":\"b\"}";
        String unescaped = "{\"jsonrpc\":\"2.0\",\"method\":\"test\",\"params\":\"{\"param\":10}\",\"id\":\"c\"}";

        assertThat(sgc.send(client, raw)).containsExactly(ack("a"), result("{\"got\":10}", "a"));
        assertThat(sgc.send(client, escaped)).containsExactly(ack("b"), result("{\"got\":10}", "b"));
        assertThat(sgc.send(client, unescaped)).containsExactly(ack("c"), result("{\"got\":10}", "c"));
    }

    @Test
    void aStringParamsReachesAStringParameter() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":\"hello\",\"id\":\"e\"}"))
                .containsExactly(ack("e"), result("\"hello\"", "e"));
        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":\"42\",\"id\":\"f\"}"))
                .containsExactly(ack("f"), result("\"42\"", "f"));
    }

    @Test
    void theCallerConnectionIsPassedToTheMethod() {
        TestConnection alice = sgc.connect("alice");
        alice.take();

        assertThat(sgc.send(alice, "{\"jsonrpc\":\"2.0\",\"method\":\"whoami\",\"id\":\"w\"}"))
                .containsExactly(ack("w"), result("\"alice\"", "w"));
    }

    @Test
    void aNumericIdIsEchoedAsANumber() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":{\"a\":1,\"b\":1},\"id\":5}"))
                .containsExactly(
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@acknowledgment\"},\"id\":5}",
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"sum\":2},\"qos\":\"qosLevel0\",\"id\":5}");
    }

    @Test
    void anUnknownMethodIsMethodNotFound() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"params\":{},\"id\":\"x\"}"))
                .containsExactly(ack("x"), error(-32601, "Method not found", "x"));
    }

    @Test
    void paramsThatDoNotMapAreInvalidParams() {
        TestConnection client = sgc.connectQuietly();

        List<String> answer = sgc.send(
                client,
                "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":{\"a\":\"one\"," + "\"b\":[]},\"id\":\"p\"}");

        assertThat(answer).hasSize(2);
        assertThat(answer.get(1))
                .startsWith("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":" + "\"Invalid params\"")
                .endsWith("\"id\":\"p\"}");
    }

    @Test
    void anRpcExceptionIsSentAsItsErrorObject() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"refuse\",\"id\":\"q\"}"))
                .containsExactly(
                        ack("q"),
                        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32010,\"message\":\"Refused\","
                                + "\"data\":\"not today\"},\"qos\":\"qosLevel0\",\"id\":\"q\"}");
    }

    @Test
    void anyOtherExceptionIsAnInternalErrorWithoutDetails() {
        TestConnection client = sgc.connectQuietly();

        List<String> answer = sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"crash\",\"id\":\"c\"}");

        assertThat(answer).containsExactly(ack("c"), error(-32603, "Internal error", "c"));
        assertThat(String.join("", answer)).doesNotContain("hunter2");
    }

    @Test
    void aNotificationRunsTheMethodAndIsNotAnswered() {
        TestConnection client = sgc.connectQuietly();
        int before = sgc.calculator().counted();

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"count\",\"params\":\"\"}"))
                .isEmpty();
        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"params\":{}}"))
                .isEmpty();
        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"crash\"}"))
                .isEmpty();
        assertThat(sgc.calculator().counted()).isEqualTo(before + 1);
    }
}
