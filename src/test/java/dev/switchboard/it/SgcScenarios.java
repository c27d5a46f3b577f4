package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.it.support.SgcClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.util.UUID;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sgc default protocol ({@code esegece.com}) over a real WebSocket on 127.0.0.1, as an sgc client sees it, the
 * same on every container. The wire format is the one {@code docs/sgc-protocol.md} documents; the RPC methods and
 * channel rules are the test application's ({@code dev.switchboard.it.app.sgc}).
 *
 * <p>Queues are shared by the whole deployment and outlive a test, so every test uses channel names of its own.
 * Where a test must show that something was <em>not</em> delivered, it publishes a marker afterwards through the
 * same serial path and asserts that the marker is the next thing the subscriber receives.
 */
@ExtendWith(ArquillianExtension.class)
abstract class SgcScenarios {

    // Copies of the test application's constants: its classes cannot be loaded on the client side (see Deployments).
    private static final int DIVISION_BY_ZERO = -32010;
    private static final int SUBSCRIBE_DENIED = -32040;
    private static final String SUBSCRIBE_DENIED_MESSAGE = "Channel is secret";
    private static final int PUBLISH_DENIED = -32041;

    private static final String QOS0 = "qosLevel0";
    private static final String QOS1 = "qosLevel1";
    private static final String QOS2 = "qosLevel2";

    @ArquillianResource
    URL base;

    // ---- session and protocol -------------------------------------------------------------------------

    @Test
    void theSessionMessageOnConnectCarriesTheConnectionIdAndIsSentAgainOnRequest() throws Exception {
        try (SgcClient first = SgcClient.connect(ws());
                SgcClient second = SgcClient.connect(ws())) {
            assertThat(UUID.fromString(first.id())).isNotNull();
            assertThat(first.id()).isNotEqualTo(second.id());

            first.send(SgcClient.request("sgc@session"));
            JsonObject session = first.nextResult("sgc@session");
            assertThat(session.getJsonObject("result").getString("message")).isEqualTo(first.id());
            assertThat(session.getString("id")).isEqualTo(first.id());
            assertThat(session.getString("qos")).isEqualTo(QOS0);

            // The Delphi client acknowledges the session; that is never answered, so the next frame is the protocol.
            first.sendRaw("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@acknowledgment\"},\"id\":\"" + first.id()
                    + "\"}");
            first.sync();
        }
    }

    @Test
    void theProtocolRequestIsAnsweredWithTheRawSubprotocolName() throws Exception {
        try (SgcClient client = SgcClient.connect(ws())) {
            client.send(SgcClient.request("sgc@protocol"));

            assertThat(client.nextRaw()).isEqualTo("esegece.com");
        }
    }

    // ---- publish and subscribe ------------------------------------------------------------------------

    @Test
    void aPublicationReachesEverySubscriberAndStopsAfterUnsubscribe() throws Exception {
        String news = channel("news");
        String other = channel("other");
        try (SgcClient alice = SgcClient.connect(ws());
                SgcClient bob = SgcClient.connect(ws());
                SgcClient publisher = SgcClient.connect(ws())) {
            alice.subscribe(news);
            alice.subscribe(other);
            bob.subscribe(news);

            publisher.send(SgcClient.publish(news, "hello").id("p1"));
            publisher.expectAck("p1");
            alice.expectEvent(news, "hello");
            bob.expectEvent(news, "hello");

            alice.send(SgcClient.request("sgc@unsubscribe").param("channel", news));
            JsonObject reply = alice.nextResult("sgc@unsubscribe");
            assertThat(reply.getJsonObject("result").getString("channel")).isEqualTo(news);
            assertThat(reply.containsKey("id")).isFalse();

            publisher.send(SgcClient.publish(news, "second"));
            publisher.send(SgcClient.publish(other, "marker"));
            bob.expectEvent(news, "second");
            alice.expectEvent(other, "marker");
        }
    }

    @Test
    void aMaskSubscriptionReceivesEveryMatchingChannelAndACommaListPublishesToEach() throws Exception {
        String prefix = channel("prices");
        String mask = prefix + "-*";
        String alpha = channel("alpha");
        try (SgcClient masked = SgcClient.connect(ws());
                SgcClient exact = SgcClient.connect(ws());
                SgcClient publisher = SgcClient.connect(ws())) {
            masked.subscribe(mask);
            exact.subscribe(alpha);

            publisher.send(SgcClient.publish(prefix + "-eur," + alpha, "1.07"));
            masked.expectEvent(prefix + "-eur", "1.07");
            exact.expectEvent(alpha, "1.07");

            publisher.send(SgcClient.publish(prefix + "-usd", "1.00"));
            publisher.send(SgcClient.publish(alpha, "after"));
            masked.expectEvent(prefix + "-usd", "1.00");
            exact.expectEvent(alpha, "after");
        }
    }

    @Test
    void aClientBroadcastReachesTheOtherConnectionsAsAMessage() throws Exception {
        String room = channel("room");
        try (SgcClient sender = SgcClient.connect(ws());
                SgcClient member = SgcClient.connect(ws());
                SgcClient outsider = SgcClient.connect(ws())) {
            member.subscribe(room);

            sender.send(SgcClient.request("sgc@broadcast")
                    .param("message", "to the room")
                    .param("channel", room));
            sender.send(SgcClient.request("sgc@broadcast").param("message", "to everyone"));

            expectMessage(member, room, "to the room");
            expectMessage(member, "", "to everyone");
            // Not in the room: the channel-less broadcast is the first thing the outsider receives.
            expectMessage(outsider, "", "to everyone");
            expectMessage(sender, "", "to everyone");
        }
    }

    // ---- RPC ------------------------------------------------------------------------------------------

    @Test
    void anRpcCallIsAcknowledgedAndAnsweredWithTheJsonbMappedResult() throws Exception {
        try (SgcClient client = SgcClient.connect(ws())) {
            client.send(SgcClient.request("add").param("a", 2).param("b", 3).id("r1"));

            client.expectAck("r1");
            JsonObject result = client.next();
            assertThat(result.getJsonObject("result"))
                    .isEqualTo(Json.createObjectBuilder().add("sum", 5).build());
            assertThat(result.getString("id")).isEqualTo("r1");
            assertThat(result.getString("qos")).isEqualTo(QOS0);

            client.send(SgcClient.request("whoami").id(7));
            JsonObject ack = client.nextResult("sgc@acknowledgment");
            assertThat(ack.getInt("id")).isEqualTo(7);
            JsonObject whoami = client.next();
            assertThat(whoami.getString("result")).isEqualTo(client.id());
            assertThat(whoami.getInt("id")).isEqualTo(7);
        }
    }

    @Test
    void rpcErrorsCarryTheApplicationsCodeOrTheJsonRpcCodes() throws Exception {
        try (SgcClient client = SgcClient.connect(ws())) {
            client.send(SgcClient.request("divide")
                    .param("dividend", 1)
                    .param("divisor", 0)
                    .id("e1"));
            client.expectAck("e1");
            JsonObject error = client.expectError(DIVISION_BY_ZERO);
            assertThat(error.getJsonObject("error").getString("message")).isEqualTo("Division by zero");
            assertThat(error.getJsonObject("error").getString("data")).isEqualTo("divisor");
            assertThat(error.getString("id")).isEqualTo("e1");

            client.send(SgcClient.request("no.such.method").id("e2"));
            client.expectAck("e2");
            assertThat(client.expectError(-32601).getString("id")).isEqualTo("e2");

            client.send(SgcClient.request("add").param("a", "two").param("b", 3).id("e3"));
            client.expectAck("e3");
            assertThat(client.expectError(-32602).getString("id")).isEqualTo("e3");

            client.send(SgcClient.request("divide")
                    .param("dividend", 9)
                    .param("divisor", 3)
                    .id("e4"));
            client.expectAck("e4");
            assertThat(client.next().getInt("result")).isEqualTo(3);
        }
    }

    @Test
    void aNotificationRunsTheMethodAndGetsNoReply() throws Exception {
        try (SgcClient client = SgcClient.connect(ws())) {
            client.send(SgcClient.request("remember").param("text", "milk"));
            client.send(SgcClient.request("recall").id("n1"));

            // The notification answered nothing: the ack of the next call is the next frame.
            client.expectAck("n1");
            JsonObject recalled = client.next();
            assertThat(recalled.getJsonObject("result").getString("text")).isEqualTo("milk");
            assertThat(recalled.getString("id")).isEqualTo("n1");
        }
    }

    // ---- QoS ------------------------------------------------------------------------------------------

    @Test
    void aQos1PublicationIsAcknowledgedAndDelivered() throws Exception {
        String orders = channel("orders");
        try (SgcClient subscriber = SgcClient.connect(ws());
                SgcClient publisher = SgcClient.connect(ws())) {
            subscriber.subscribe(orders);

            publisher.send(SgcClient.publish(orders, "order 1").qos(QOS1).id("k1"));

            publisher.expectAck("k1");
            subscriber.expectEvent(orders, "order 1");
        }
    }

    @Test
    void aQos2PublicationRetriedBeforeItsReleaseIsDeliveredExactlyOnce() throws Exception {
        String payments = channel("payments");
        String marker = channel("marker");
        try (SgcClient subscriber = SgcClient.connect(ws());
                SgcClient publisher = SgcClient.connect(ws())) {
            subscriber.subscribe(payments);
            subscriber.subscribe(marker);
            SgcClient.Request payment =
                    SgcClient.publish(payments, "pay 10").qos(QOS2).id("q1");
            SgcClient.Request release =
                    SgcClient.request("sgc@pubrel").param("qos", QOS2).qos(QOS2).id("q1");

            publisher.send(payment);
            expectPubrec(publisher, "q1");
            publisher.send(payment);
            expectPubrec(publisher, "q1");

            // Stored, not processed: a later QoS 0 publication arrives first.
            publisher.send(SgcClient.publish(marker, "before release"));
            subscriber.expectEvent(marker, "before release");

            publisher.send(release);
            publisher.expectAck("q1");
            subscriber.expectEvent(payments, "pay 10");

            // A late retry of the released message and a repeated release do not deliver it again.
            publisher.send(payment);
            expectPubrec(publisher, "q1");
            publisher.send(release);
            publisher.expectAck("q1");
            publisher.send(SgcClient.publish(marker, "after release"));
            subscriber.expectEvent(marker, "after release");
        }
    }

    // ---- queues ---------------------------------------------------------------------------------------

    @Test
    void aLateSubscriberReceivesTheLastQueueLevel1Message() throws Exception {
        String quotes = channel("quotes");
        try (SgcClient publisher = SgcClient.connect(ws())) {
            for (String quote : new String[] {"q-1", "q-2", "q-3"}) {
                publisher.send(SgcClient.publish(quotes, quote).param("queue", "queueLevel1"));
            }
            publisher.sync();

            try (SgcClient late = SgcClient.connect(ws())) {
                late.subscribe(quotes);
                late.expectEvent(quotes, "q-3");

                publisher.send(SgcClient.publish(quotes, "live"));
                late.expectEvent(quotes, "live");
            }
        }
    }

    @Test
    void aLateSubscriberReceivesEveryQueueLevel2MessageInOrder() throws Exception {
        String journal = channel("journal");
        try (SgcClient publisher = SgcClient.connect(ws())) {
            for (String entry : new String[] {"j-1", "j-2", "j-3"}) {
                publisher.send(SgcClient.publish(journal, entry).param("queue", "queueLevel2"));
            }
            publisher.sync();

            try (SgcClient late = SgcClient.connect(ws())) {
                late.subscribe(journal);
                late.expectEvent(journal, "j-1");
                late.expectEvent(journal, "j-2");
                late.expectEvent(journal, "j-3");

                publisher.send(SgcClient.publish(journal, "live"));
                late.expectEvent(journal, "live");
            }
        }
    }

    // ---- transactions ---------------------------------------------------------------------------------

    @Test
    void aCommittedTransactionDeliversItsPublicationsInOrderOnlyAtCommit() throws Exception {
        String ledger = channel("ledger");
        String marker = channel("marker");
        try (SgcClient subscriber = SgcClient.connect(ws());
                SgcClient publisher = SgcClient.connect(ws())) {
            subscriber.subscribe(ledger);
            subscriber.subscribe(marker);

            publisher.send(SgcClient.request("sgc@transaction")
                    .param("channel", ledger)
                    .id("t0"));
            publisher.expectAck("t0");
            for (int i = 1; i <= 3; i++) {
                publisher.send(SgcClient.publish(ledger, "entry " + i).id("t" + i));
                publisher.expectAck("t" + i);
            }
            publisher.send(SgcClient.publish(marker, "held"));
            subscriber.expectEvent(marker, "held");

            publisher.send(SgcClient.request("sgc@commit").param("channel", ledger));
            subscriber.expectEvent(ledger, "entry 1");
            subscriber.expectEvent(ledger, "entry 2");
            subscriber.expectEvent(ledger, "entry 3");
        }
    }

    @Test
    void aRolledBackTransactionDeliversNothing() throws Exception {
        String ledger = channel("ledger");
        try (SgcClient subscriber = SgcClient.connect(ws());
                SgcClient publisher = SgcClient.connect(ws())) {
            subscriber.subscribe(ledger);

            publisher.send(SgcClient.request("sgc@transaction").param("channel", ledger));
            for (int i = 1; i <= 3; i++) {
                publisher.send(SgcClient.publish(ledger, "entry " + i));
            }
            publisher.send(SgcClient.request("sgc@rollback").param("channel", ledger));
            publisher.send(SgcClient.publish(ledger, "after rollback"));

            subscriber.expectEvent(ledger, "after rollback");
        }
    }

    // ---- malformed input ------------------------------------------------------------------------------

    @Test
    void malformedInputGetsAJsonRpcErrorAndTheConnectionKeepsWorking() throws Exception {
        try (SgcClient client = SgcClient.connect(ws())) {
            client.sendRaw("this is not JSON");
            JsonObject parseError = client.expectError(-32700);
            assertThat(parseError.get("id")).isEqualTo(JsonValue.NULL);

            client.sendRaw("{\"jsonrpc\":\"1.0\",\"method\":\"sgc@session\",\"id\":\"m1\"}");
            assertThat(client.expectError(-32600).getString("id")).isEqualTo("m1");

            client.send(
                    SgcClient.request("sgc@publish").param("message", "nowhere").id("m2"));
            client.expectAck("m2");
            assertThat(client.expectError(-32602).getString("id")).isEqualTo("m2");

            client.send(SgcClient.request("add").param("a", 20).param("b", 22).id("m3"));
            client.expectAck("m3");
            assertThat(client.next().getJsonObject("result").getInt("sum")).isEqualTo(42);
        }
    }

    // ---- application decisions ------------------------------------------------------------------------

    @Test
    void aSubscriptionDeniedByTheApplicationIsAnsweredWithAnErrorNamingTheChannel() throws Exception {
        String secret = channel("secret");
        String open = channel("open");
        try (SgcClient client = SgcClient.connect(ws());
                SgcClient publisher = SgcClient.connect(ws())) {
            client.send(SgcClient.subscribe(secret + "," + open, "d1"));

            client.expectAck("d1");
            JsonObject denial = client.expectError(SUBSCRIBE_DENIED);
            assertThat(denial.getJsonObject("error").getString("message")).isEqualTo(SUBSCRIBE_DENIED_MESSAGE);
            assertThat(denial.getJsonObject("error").getString("data")).isEqualTo(secret);
            assertThat(denial.getString("id")).isEqualTo("d1");
            JsonObject allowed = client.nextResult("sgc@subscribe");
            assertThat(allowed.getJsonObject("result").getString("channel")).isEqualTo(open);

            publisher.send(SgcClient.publish(secret, "classified"));
            publisher.send(SgcClient.publish(open, "public"));
            client.expectEvent(open, "public");
        }
    }

    @Test
    void aPublicationRewrittenByTheApplicationReachesSubscribersRewritten() throws Exception {
        String shout = channel("shout");
        try (SgcClient subscriber = SgcClient.connect(ws());
                SgcClient publisher = SgcClient.connect(ws())) {
            subscriber.subscribe(shout);

            publisher.send(SgcClient.publish(shout, "quiet please").id("w1"));

            publisher.expectAck("w1");
            subscriber.expectEvent(shout, "QUIET PLEASE");
        }
    }

    @Test
    void aPublicationDeniedByTheApplicationIsAnsweredWithAnErrorAndDeliversNothing() throws Exception {
        String readOnly = channel("readonly");
        String marker = channel("marker");
        try (SgcClient subscriber = SgcClient.connect(ws());
                SgcClient publisher = SgcClient.connect(ws())) {
            subscriber.subscribe(readOnly);
            subscriber.subscribe(marker);

            publisher.send(SgcClient.publish(readOnly, "graffiti").id("x1"));

            publisher.expectAck("x1");
            JsonObject denial = publisher.expectError(PUBLISH_DENIED);
            assertThat(denial.getJsonObject("error").getString("data")).isEqualTo(readOnly);
            assertThat(denial.getString("id")).isEqualTo("x1");
            publisher.send(SgcClient.publish(marker, "after the denial"));
            subscriber.expectEvent(marker, "after the denial");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static void expectMessage(SgcClient client, String channel, String message) {
        JsonObject result = client.nextResult("sgc@message").getJsonObject("result");
        assertThat(result.getString("channel")).as("channel of %s", result).isEqualTo(channel);
        assertThat(result.getString("message")).as("message of %s", result).isEqualTo(message);
    }

    private static void expectPubrec(SgcClient client, String id) {
        JsonObject pubrec = client.nextResult("sgc@pubrec");
        assertThat(pubrec.getString("id")).isEqualTo(id);
    }

    /** A channel name no other test uses, starting with {@code prefix} (which the channel rules look at). */
    private static String channel(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The ws:// URI of the deployment's context root. */
    URI ws() {
        return URI.create(base.toExternalForm().replaceFirst("/?$", "/").replaceFirst("^http", "ws"));
    }
}
