package dev.switchboard.protocol.sgc;

import static dev.switchboard.protocol.sgc.SgcHarness.ack;
import static dev.switchboard.protocol.sgc.SgcHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Queue levels replayed to late subscribers, transactions, and {@code sgc@b64:} messages. */
class SgcQueueAndTransactionTest {

    private SgcHarness sgc;

    @AfterEach
    void stop() {
        sgc.close();
    }

    private static String publish(String channel, String message, String queue) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                + "\",\"message\":\"" + message + "\",\"queue\":\"" + queue + "\"}}";
    }

    private static String subscribe(String channel) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + channel + "\"}}";
    }

    private static String subscribed(String channel) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@subscribe\",\"channel\":\"" + channel + "\"}}";
    }

    @Test
    void queueLevel1ReplaysTheLastMessageToALateSubscriber() {
        sgc = SgcHarness.start();
        TestConnection publisher = sgc.connectQuietly();
        sgc.send(publisher, publish("ticker", "m1", "queueLevel1"));
        sgc.send(publisher, publish("ticker", "m2", "queueLevel1"));

        TestConnection late = sgc.connectQuietly();

        assertThat(sgc.send(late, subscribe("ticker"))).containsExactly(subscribed("ticker"), event("ticker", "m2"));
    }

    @Test
    void queueLevel2ReplaysEveryMessageInOrder() {
        sgc = SgcHarness.start();
        TestConnection publisher = sgc.connectQuietly();
        sgc.send(publisher, publish("log", "m1", "queueLevel2"));
        sgc.send(publisher, publish("log", "m2", "queueLevel2"));
        sgc.send(publisher, publish("log", "m3", "queueLevel2"));

        TestConnection late = sgc.connectQuietly();

        assertThat(sgc.send(late, subscribe("log")))
                .containsExactly(subscribed("log"), event("log", "m1"), event("log", "m2"), event("log", "m3"));
    }

    @Test
    void queueLevel2KeepsTheConfiguredMaximumPerChannel() {
        sgc = SgcHarness.start(SgcSettings.builder().queueMaxMessages(2).build());
        TestConnection publisher = sgc.connectQuietly();
        for (int i = 1; i <= 5; i++) {
            sgc.send(publisher, publish("bounded", "m" + i, "queueLevel2"));
        }

        TestConnection late = sgc.connectQuietly();

        assertThat(sgc.send(late, subscribe("bounded")))
                .containsExactly(subscribed("bounded"), event("bounded", "m4"), event("bounded", "m5"));
    }

    @Test
    void queueLevel0KeepsNothingAndReplayGoesToTheSubscriberOnly() {
        sgc = SgcHarness.start();
        TestConnection publisher = sgc.connectQuietly();
        TestConnection early = sgc.connectQuietly();
        sgc.send(publisher, publish("kept", "k", "queueLevel1"));
        sgc.send(publisher, publish("unkept", "u", "queueLevel0"));
        sgc.send(early, subscribe("kept"));
        early.take();

        TestConnection late = sgc.connectQuietly();

        assertThat(sgc.send(late, subscribe("unkept"))).containsExactly(subscribed("unkept"));
        assertThat(sgc.send(late, subscribe("kept"))).containsExactly(subscribed("kept"), event("kept", "k"));
        assertThat(early.take()).isEmpty();
    }

    @Test
    void aMaskSubscriptionReplaysEveryMatchingChannel() {
        sgc = SgcHarness.start();
        TestConnection publisher = sgc.connectQuietly();
        sgc.send(publisher, publish("room-a", "a", "queueLevel1"));
        sgc.send(publisher, publish("hall", "h", "queueLevel1"));

        TestConnection late = sgc.connectQuietly();

        assertThat(sgc.send(late, subscribe("room-*"))).containsExactly(subscribed("room-*"), event("room-a", "a"));
    }

    @Test
    void theServerCanPublishWithAQueueAndClearIt() {
        sgc = SgcHarness.start();
        SgcGateway gateway = new SgcGateway(sgc.protocol);
        gateway.publish("news", "server says", QueueLevel.LEVEL1);
        TestConnection first = sgc.connectQuietly();

        assertThat(sgc.send(first, subscribe("news")))
                .containsExactly(subscribed("news"), event("news", "server says"));

        gateway.clearQueue("news");
        TestConnection second = sgc.connectQuietly();
        assertThat(sgc.send(second, subscribe("news"))).containsExactly(subscribed("news"));
    }

    @Test
    void commitDeliversTheHeldMessagesInOrder() {
        sgc = SgcHarness.start();
        TestConnection subscriber = sgc.connectQuietly();
        sgc.send(subscriber, subscribe("sgc:test"));
        TestConnection client = sgc.connectQuietly();

        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@transaction\",\"params\":{\"channel\":\"sgc:test\"}}");
        for (int i = 1; i <= 3; i++) {
            assertThat(sgc.send(
                            client,
                            "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":"
                                    + "\"sgc:test\",\"message\":\"Message" + i + "\"},\"id\":\"t" + i + "\"}"))
                    .containsExactly(ack("t" + i));
        }
        assertThat(subscriber.take()).isEmpty();

        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@commit\",\"params\":{\"channel\":\"sgc:test\"}}");

        assertThat(subscriber.take())
                .containsExactly(
                        event("sgc:test", "Message1"), event("sgc:test", "Message2"), event("sgc:test", "Message3"));
    }

    @Test
    void rollbackDeliversNothingAndEndsTheTransaction() {
        sgc = SgcHarness.start();
        TestConnection subscriber = sgc.connectQuietly();
        sgc.send(subscriber, subscribe("tx"));
        TestConnection client = sgc.connectQuietly();

        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@transaction\",\"params\":{\"channel\":\"tx\"}}");
        sgc.send(client, publish("tx", "dropped", "queueLevel1"));
        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@rollback\",\"params\":{\"channel\":\"tx\"}}");
        assertThat(subscriber.take()).isEmpty();

        sgc.send(client, publish("tx", "direct", "queueLevel0"));
        assertThat(subscriber.take()).containsExactly(event("tx", "direct"));
        TestConnection late = sgc.connectQuietly();
        assertThat(sgc.send(late, subscribe("tx"))).containsExactly(subscribed("tx"));
    }

    @Test
    void aTransactionOnlyHoldsItsOwnChannel() {
        sgc = SgcHarness.start();
        TestConnection subscriber = sgc.connectQuietly();
        sgc.send(subscriber, subscribe("a,b"));
        subscriber.take();
        TestConnection client = sgc.connectQuietly();

        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@transaction\",\"params\":{\"channel\":\"a\"}}");
        sgc.send(client, publish("a", "held", "queueLevel0"));
        sgc.send(client, publish("b", "free", "queueLevel0"));

        assertThat(subscriber.take()).containsExactly(event("b", "free"));
    }

    @Test
    void aChannelLessTransactionHoldsPlainMessages() {
        sgc = SgcHarness.start();
        TestConnection client = sgc.connectQuietly();

        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@transaction\"}");
        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@message\",\"params\":{\"message\":\"later\"}}");
        assertThat(sgc.messages).isEmpty();

        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@commit\",\"params\":{\"channel\":\"\"}}");
        assertThat(sgc.messages).extracting(SgcMessageEvent::message).containsExactly("later");
    }

    @Test
    void aFullTransactionRefusesFurtherMessages() {
        sgc = SgcHarness.start(SgcSettings.builder().transactionMaxMessages(1).build());
        TestConnection client = sgc.connectQuietly();
        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@transaction\",\"params\":{\"channel\":\"f\"}}");
        sgc.send(client, publish("f", "one", "queueLevel0"));

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"f\","
                                + "\"message\":\"two\"},\"id\":\"full\"}"))
                .containsExactly(
                        ack("full"),
                        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":\"Transaction is full\",\"data\":"
                                + "\"the transaction on channel 'f' already holds 1 messages\"},\"qos\":\"qosLevel0\","
                                + "\"id\":\"full\"}");
    }

    @Test
    void aBase64MessageIsDecodedBeforeItIsPublished() {
        sgc = SgcHarness.start();
        TestConnection subscriber = sgc.connectQuietly();
        sgc.send(subscriber, subscribe("b64"));
        TestConnection publisher = sgc.connectQuietly();
        String encoded = Base64.getEncoder().encodeToString("ünïcode".getBytes(StandardCharsets.UTF_8));

        sgc.send(
                publisher,
                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"b64\","
                        + "\"message\":\"sgc@b64:" + encoded + "\"}}");

        assertThat(subscriber.take()).containsExactly(event("b64", "ünïcode"));
    }
}
