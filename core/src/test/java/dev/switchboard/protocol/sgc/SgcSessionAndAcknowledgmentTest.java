package dev.switchboard.protocol.sgc;

import static dev.switchboard.protocol.sgc.SgcHarness.ack;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session message, the acknowledgment rule and {@code sgc@protocol}. */
class SgcSessionAndAcknowledgmentTest {

    private static SgcHarness sgc;

    @BeforeAll
    static void start() {
        sgc = SgcHarness.start();
    }

    @AfterAll
    static void stop() {
        sgc.close();
    }

    @Test
    void sessionIsSentOnConnectWithTheConnectionGuid() {
        TestConnection client = sgc.connect();

        assertThat(client.take())
                .containsExactly("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@session\"," + "\"message\":\""
                        + client.id() + "\"},\"qos\":\"qosLevel0\",\"id\":\"" + client.id() + "\"}");
    }

    @Test
    void sessionIsSentAgainOnRequest() {
        TestConnection client = sgc.connect();
        String session = client.take().get(0);

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@session\"}"))
                .containsExactly(session);
    }

    @Test
    void aMessageWithAnIdIsAcknowledgedBeforeItsReply() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":"
                                + "\"ack-news\",\"message\":\"\"},\"id\":\"js-1\"}"))
                .containsExactly(
                        ack("js-1"),
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@subscribe\","
                                + "\"channel\":\"ack-news\"},\"id\":\"js-1\"}");
    }

    @Test
    void aMessageWithoutIdIsNotAcknowledged() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@message\",\"params\":{\"message\":\"x\"}}"))
                .isEmpty();
    }

    @Test
    void anEmptyIdCountsAsNoId() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@message\",\"params\":{\"message\":\"x\"},"
                                + "\"id\":\"\"}"))
                .isEmpty();
    }

    @Test
    void anAcknowledgmentIsNeverAcknowledged() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@acknowledgment\"}," + "\"id\":\""
                                + client.id() + "\"}"))
                .isEmpty();
    }

    @Test
    void aClientsOwnResultPushWithIdIsOnlyAcknowledged() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"whatever\"},\"id\":\"c-9\"}"))
                .containsExactly(ack("c-9"));
    }

    @Test
    void protocolIsAnsweredWithTheRawSubprotocolName() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@protocol\"}"))
                .containsExactly("esegece.com");
    }

    @Test
    void anUnknownSgcMethodIsAcknowledgedThenRefused() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@channels\",\"id\":\"u1\"}"))
                .containsExactly(
                        ack("u1"),
                        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":"
                                + "\"Method not found\",\"data\":\"sgc@channels is not supported\"},\"qos\":\"qosLevel0\","
                                + "\"id\":\"u1\"}");
    }

    @Test
    void closingForgetsTheConnection() {
        TestConnection client = sgc.connectQuietly();
        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"gone\"}}");

        sgc.disconnect(client);

        assertThat(sgc.hub.subscriptions(client)).isEmpty();
        assertThat(sgc.protocol.trackedCount(client.id())).isZero();
    }
}
