package dev.switchboard.protocol.sgc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input is answered with a JSON-RPC error object and the connection keeps working. */
class SgcMalformedInputTest {

    private static SgcHarness sgc;

    @BeforeAll
    static void start() {
        sgc = SgcHarness.start();
    }

    @AfterAll
    static void stop() {
        sgc.close();
    }

    private static void assertStillWorks(TestConnection client) {
        assertThat(client.isOpen()).isTrue();
        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@protocol\"}"))
                .containsExactly("esegece.com");
    }

    @Test
    void textThatIsNotJsonIsAParseErrorWithANullId() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"chan"))
                .containsExactly("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32700,\"message\":\"Parse error\","
                        + "\"data\":\"the message is not valid JSON\"},\"qos\":\"qosLevel0\",\"id\":null}");
        assertStillWorks(client);
    }

    @Test
    void aWrongVersionIsAnInvalidRequestThatKeepsTheId() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, "{\"jsonrpc\":\"1.0\",\"method\":\"sgc@session\",\"id\":\"v\"}"))
                .containsExactly("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\","
                        + "\"data\":\"jsonrpc must be \\\"2.0\\\"\"},\"qos\":\"qosLevel0\",\"id\":\"v\"}");
        assertStillWorks(client);
    }

    @Test
    void aBatchIsAnInvalidRequest() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, "[{\"jsonrpc\":\"2.0\",\"method\":\"sgc@session\"}]"))
                .singleElement()
                .asString()
                .contains("\"code\":-32600")
                .endsWith("\"id\":null}");
        assertStillWorks(client);
    }

    @Test
    void anUnknownQosIsInvalidParams() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"c\","
                                + "\"qos\":\"qosLevel7\"},\"id\":\"k\"}"))
                .containsExactly("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":"
                        + "-32602,\"message\":\"Invalid params\",\"data\":\"qos must be qosLevel0, qosLevel1 or qosLevel2\"},"
                        + "\"qos\":\"qosLevel0\",\"id\":\"k\"}");
        assertStillWorks(client);
    }

    @Test
    void invalidBase64IsInvalidParams() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"c\","
                                + "\"message\":\"sgc@b64:***\"}}"))
                .singleElement()
                .asString()
                .contains("\"code\":-32602");
        assertStillWorks(client);
    }

    @Test
    void publishWithoutChannelIsInvalidParams() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"message\":\"m\"}}"))
                .containsExactly("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":\"Invalid params\","
                        + "\"data\":\"sgc@publish needs a channel\"},\"qos\":\"qosLevel0\",\"id\":null}");
        assertStillWorks(client);
    }

    @Test
    void emptyAndWhitespaceFramesAreParseErrors() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, "")).singleElement().asString().contains("\"code\":-32700");
        assertThat(sgc.send(client, "   ")).singleElement().asString().contains("\"code\":-32700");
        assertStillWorks(client);
    }
}
