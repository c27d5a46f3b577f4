package dev.switchboard.protocol.sgc;

import static dev.switchboard.protocol.sgc.SgcHarness.ack;
import static dev.switchboard.protocol.sgc.SgcHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Subscribe, unsubscribe, publish, broadcast and plain messages, with the application's channel handlers. */
class SgcChannelsTest {

    private static SgcHarness sgc;

    @BeforeAll
    static void start() {
        sgc = SgcHarness.start();
    }

    @AfterAll
    static void stop() {
        sgc.close();
    }

    private static String subscribe(String channel) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + channel + "\"}}";
    }

    private static String subscribed(String channel) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@subscribe\",\"channel\":\"" + channel + "\"}}";
    }

    private static String unsubscribed(String channel) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@unsubscribe\",\"channel\":\"" + channel + "\"}}";
    }

    private static String publish(String channel, String message) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                + "\",\"message\":\"" + message + "\"}}";
    }

    @Test
    void pascalSubscribeWithoutIdGetsTheReplyOnly() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":"
                                + "\"p-news\",\"qos\":\"qosLevel0\"},\"qos\":\"qosLevel0\"}"))
                .containsExactly(subscribed("p-news"));
        assertThat(sgc.hub.subscriptions(client)).containsExactly("p-news");
    }

    @Test
    void aCommaListIsSubscribedAndAnsweredPerChannel() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, subscribe("c-one, c-two")))
                .containsExactly(subscribed("c-one"), subscribed("c-two"));
        assertThat(sgc.hub.subscriptions(client)).containsExactlyInAnyOrder("c-one", "c-two");
    }

    @Test
    void publishReachesEverySubscriberIncludingThePublisherAsAnEvent() {
        TestConnection publisher = sgc.connectQuietly();
        TestConnection subscriber = sgc.connectQuietly();
        TestConnection bystander = sgc.connectQuietly();
        sgc.send(publisher, subscribe("fan"));
        sgc.send(subscriber, subscribe("fan"));

        assertThat(sgc.send(
                        publisher,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"message\":"
                                + "\"hello\",\"channel\":\"fan\",\"qos\":\"qosLevel1\",\"queue\":\"queueLevel0\"},"
                                + "\"qos\":\"qosLevel1\",\"id\":\"pub-1\"}"))
                .containsExactly(ack("pub-1"), event("fan", "hello"));
        assertThat(subscriber.take()).containsExactly(event("fan", "hello"));
        assertThat(bystander.take()).isEmpty();
    }

    @Test
    void aMessageSentAsRawJsonIsPublishedAsItsJsonText() {
        TestConnection publisher = sgc.connectQuietly();
        TestConnection subscriber = sgc.connectQuietly();
        sgc.send(subscriber, subscribe("raw"));

        sgc.send(
                publisher,
                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"raw\","
                        + "\"message\":{\"price\":1.5}}}");

        assertThat(subscriber.take())
                .containsExactly("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@event\","
                        + "\"channel\":\"raw\",\"message\":\"{\\\"price\\\":1.5}\"}}");
    }

    @Test
    void aMaskSubscriptionReceivesPublicationsToMatchingChannels() {
        TestConnection subscriber = sgc.connectQuietly();
        TestConnection publisher = sgc.connectQuietly();

        assertThat(sgc.send(subscriber, subscribe("mask-*"))).containsExactly(subscribed("mask-*"));
        sgc.send(publisher, publish("MASK-a", "1"));
        sgc.send(publisher, publish("other", "2"));

        assertThat(subscriber.take()).containsExactly(event("MASK-a", "1"));
    }

    @Test
    void unsubscribeStopsEventsAndIsAnswered() {
        TestConnection client = sgc.connectQuietly();
        TestConnection publisher = sgc.connectQuietly();
        sgc.send(client, subscribe("leave"));

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@unsubscribe\",\"params\":{\"channel\":" + "\"leave\"}}"))
                .containsExactly(unsubscribed("leave"));
        sgc.send(publisher, publish("leave", "late"));

        assertThat(client.take()).isEmpty();
    }

    @Test
    void unsubscribingFromAChannelNotSubscribedIsStillAnswered() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@unsubscribe\",\"params\":{\"channel\":"
                                + "\"never\"},\"id\":\"u\"}"))
                .containsExactly(
                        ack("u"),
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@unsubscribe\",\"channel\":\"never\"},\"id\":\"u\"}");
    }

    @Test
    void unsubscribeAllAnswersEveryRemovedChannel() {
        TestConnection client = sgc.connectQuietly();
        sgc.send(client, subscribe("all-a,all-b"));

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@unsubscribe_all\"}"))
                .containsExactlyInAnyOrder(unsubscribed("all-a"), unsubscribed("all-b"));
        assertThat(sgc.hub.subscriptions(client)).isEmpty();
    }

    @Test
    void subscribeWithoutChannelIsInvalidParams() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{},\"id\":\"n\"}"))
                .containsExactly(
                        ack("n"),
                        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":"
                                + "\"Invalid params\",\"data\":\"sgc@subscribe needs a channel\"},\"qos\":\"qosLevel0\","
                                + "\"id\":\"n\"}");
    }

    @Test
    void beforeSubscribeDenialIsAnErrorAndOtherChannelsOfTheListProceed() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":"
                                + "\"secret-plans,public\"},\"id\":\"d\"}"))
                .containsExactly(
                        ack("d"),
                        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32003,\"message\":\"Forbidden channel\",\"data\":"
                                + "\"secret-plans\"},\"qos\":\"qosLevel0\",\"id\":\"d\"}",
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@subscribe\",\"channel\":\"public\"},\"id\":\"d\"}");
        assertThat(sgc.hub.subscriptions(client)).containsExactly("public");
    }

    @Test
    void beforePublishRewriteIsWhatSubscribersReceive() {
        TestConnection client = sgc.connectQuietly();
        sgc.send(client, subscribe("shout"));

        assertThat(sgc.send(client, publish("shout", "quiet please"))).containsExactly(event("shout", "QUIET PLEASE"));
    }

    @Test
    void beforePublishDenialReachesNobody() {
        TestConnection publisher = sgc.connectQuietly();
        TestConnection subscriber = sgc.connectQuietly();
        sgc.send(subscriber, subscribe("readonly"));

        assertThat(sgc.send(publisher, publish("readonly", "spam")))
                .containsExactly("{\"jsonrpc\":\"2.0\","
                        + "\"error\":{\"code\":-32004,\"message\":\"Read-only channel\",\"data\":\"readonly\"},"
                        + "\"qos\":\"qosLevel0\",\"id\":null}");
        assertThat(subscriber.take()).isEmpty();
    }

    @Test
    void broadcastWithoutChannelReachesEverySgcConnection() {
        TestConnection sender = sgc.connectQuietly();
        TestConnection other = sgc.connectQuietly();
        String message = "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@message\",\"channel\":\"\",\"message\":"
                + "\"hi all\"}}";

        assertThat(sgc.send(
                        sender,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@broadcast\",\"params\":{\"message\":" + "\"hi all\"}}"))
                .containsExactly(message);
        assertThat(other.take()).containsExactly(message);
    }

    @Test
    void broadcastToAChannelReachesItsSubscribersOnly() {
        TestConnection sender = sgc.connectQuietly();
        TestConnection member = sgc.connectQuietly();
        TestConnection outsider = sgc.connectQuietly();
        sgc.send(member, subscribe("room1"));

        assertThat(sgc.send(
                        sender,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@broadcast\",\"params\":{\"message\":"
                                + "\"hi\",\"channel\":\"room1\"}}"))
                .isEmpty();
        assertThat(member.take())
                .containsExactly("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@message\","
                        + "\"channel\":\"room1\",\"message\":\"hi\"}}");
        assertThat(outsider.take()).isEmpty();
    }

    @Test
    void plainMessageIsDeliveredToTheApplication() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@message\",\"params\":{\"message\":"
                                + "\"Hello\"},\"id\":\"m1\"}"))
                .containsExactly(ack("m1"));
        assertThat(sgc.messages).anySatisfy(event -> {
            assertThat(event.connection()).isSameAs(client);
            assertThat(event.message()).isEqualTo("Hello");
        });
    }
}
