package dev.switchboard.protocol.sgc;

import static dev.switchboard.protocol.sgc.SgcHarness.ack;
import static dev.switchboard.protocol.sgc.SgcHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** QoS 0/1/2 from clients, and the server's own QoS for session, RPC results and errors. */
class SgcQosTest {

    private SgcHarness sgc;

    @AfterEach
    void stop() {
        sgc.close();
    }

    private static String publish(String id, String qos, String message) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"message\":\"" + message
                + "\",\"channel\":\"q\",\"qos\":\"" + qos + "\"},\"qos\":\"" + qos + "\",\"id\":\"" + id + "\"}";
    }

    private static String pubrel(String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@pubrel\",\"params\":{\"qos\":\"qosLevel2\"},"
                + "\"qos\":\"qosLevel2\",\"id\":\"" + id + "\"}";
    }

    private static String pubrec(String id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@pubrec\"},\"id\":\"" + id + "\"}";
    }

    private TestConnection subscriber() {
        TestConnection subscriber = sgc.connectQuietly();
        sgc.send(subscriber, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"q\"}}");
        return subscriber;
    }

    @Test
    void qos1RetryIsProcessedAgain() {
        sgc = SgcHarness.start();
        TestConnection subscriber = subscriber();
        TestConnection publisher = sgc.connectQuietly();

        assertThat(sgc.send(publisher, publish("X1", "qosLevel1", "once?"))).containsExactly(ack("X1"));
        assertThat(sgc.send(publisher, publish("X1", "qosLevel1", "once?"))).containsExactly(ack("X1"));

        assertThat(subscriber.take()).containsExactly(event("q", "once?"), event("q", "once?"));
    }

    @Test
    void qos2IsProcessedOnceOnReleaseWhateverIsRetried() {
        sgc = SgcHarness.start();
        TestConnection subscriber = subscriber();
        TestConnection publisher = sgc.connectQuietly();

        assertThat(sgc.send(publisher, publish("X2", "qosLevel2", "exactly"))).containsExactly(pubrec("X2"));
        assertThat(sgc.send(publisher, publish("X2", "qosLevel2", "exactly"))).containsExactly(pubrec("X2"));
        assertThat(subscriber.take()).isEmpty();

        assertThat(sgc.send(publisher, pubrel("X2"))).containsExactly(ack("X2"));
        assertThat(subscriber.take()).containsExactly(event("q", "exactly"));

        // The acknowledgment was lost: the client releases again, or even re-sends the original publish.
        assertThat(sgc.send(publisher, pubrel("X2"))).containsExactly(ack("X2"));
        assertThat(sgc.send(publisher, publish("X2", "qosLevel2", "exactly"))).containsExactly(pubrec("X2"));
        assertThat(sgc.send(publisher, pubrel("X2"))).containsExactly(ack("X2"));
        assertThat(subscriber.take()).isEmpty();
    }

    @Test
    void qos2RetryBeforeReleaseReplacesTheStoredMessage() {
        sgc = SgcHarness.start();
        TestConnection subscriber = subscriber();
        TestConnection publisher = sgc.connectQuietly();

        sgc.send(publisher, publish("X3", "qosLevel2", "first"));
        sgc.send(publisher, publish("X3", "qosLevel2", "second"));
        sgc.send(publisher, pubrel("X3"));

        assertThat(subscriber.take()).containsExactly(event("q", "second"));
    }

    @Test
    void aQos2RpcCallRunsOnceOnRelease() {
        sgc = SgcHarness.start();
        TestConnection client = sgc.connectQuietly();
        int before = sgc.calculator().counted();
        String call = "{\"jsonrpc\":\"2.0\",\"method\":\"count\",\"qos\":\"qosLevel2\",\"id\":\"C\"}";

        assertThat(sgc.send(client, call)).containsExactly(pubrec("C"));
        assertThat(sgc.send(client, call)).containsExactly(pubrec("C"));
        assertThat(sgc.calculator().counted()).isEqualTo(before);

        assertThat(sgc.send(client, pubrel("C")))
                .containsExactly(
                        ack("C"),
                        "{\"jsonrpc\":\"2.0\",\"result\":" + (before + 1) + ",\"qos\":\"qosLevel0\",\"id\":\"C\"}");
        assertThat(sgc.calculator().counted()).isEqualTo(before + 1);
    }

    @Test
    void serverQosResendsAnRpcResultUntilAcknowledged() {
        sgc = SgcHarness.start(SgcSettings.builder().qosLevel(QosLevel.LEVEL1).build());
        TestConnection client = sgc.connect();
        client.take();
        sgc.send(
                client,
                "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@acknowledgment\"},\"id\":\"" + client.id() + "\"}");
        String result = "{\"jsonrpc\":\"2.0\",\"result\":{\"sum\":4},\"qos\":\"qosLevel1\",\"id\":\"R\"}";

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":{\"a\":2,\"b\":2}," + "\"id\":\"R\"}"))
                .containsExactly(ack("R"), result);

        sgc.clock.advance(Duration.ofSeconds(299));
        sgc.protocol.retryScan();
        assertThat(client.take()).isEmpty();

        sgc.clock.advance(Duration.ofSeconds(1));
        sgc.protocol.retryScan();
        assertThat(client.take()).containsExactly(result);

        sgc.clock.advance(Duration.ofSeconds(300));
        sgc.protocol.retryScan();
        assertThat(client.take()).containsExactly(result);

        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@acknowledgment\"},\"id\":\"R\"}");
        sgc.clock.advance(Duration.ofSeconds(600));
        sgc.protocol.retryScan();
        assertThat(client.take()).isEmpty();
        assertThat(sgc.protocol.trackedCount(client.id())).isZero();
    }

    @Test
    void serverQosResendsTheSessionAndErrorsUntilAcknowledged() {
        sgc = SgcHarness.start(SgcSettings.builder().qosLevel(QosLevel.LEVEL1).build());
        TestConnection client = sgc.connect();
        String session = client.take().get(0);
        String error = sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":\"E\"}")
                .get(1);

        assertThat(session).contains("\"qos\":\"qosLevel1\"");
        assertThat(sgc.protocol.trackedCount(client.id())).isEqualTo(2);
        sgc.clock.advance(Duration.ofSeconds(300));
        sgc.protocol.retryScan();
        assertThat(client.take()).containsExactly(session, error);
    }

    @Test
    void serverQos2AnswersAClientPubrecWithAPubrelUntilAcknowledged() {
        sgc = SgcHarness.start(SgcSettings.builder().qosLevel(QosLevel.LEVEL2).build());
        TestConnection client = sgc.connect();
        client.take();
        String release = "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@pubrel\",\"params\":{\"qos\":\"qosLevel2\"},"
                + "\"qos\":\"qosLevel2\",\"id\":\"" + client.id() + "\"}";

        assertThat(sgc.send(client, pubrec(client.id()))).containsExactly(release);
        sgc.clock.advance(Duration.ofSeconds(300));
        sgc.protocol.retryScan();
        assertThat(client.take()).containsExactly(release);

        sgc.send(client, ack(client.id()));
        assertThat(sgc.protocol.trackedCount(client.id())).isZero();
    }

    @Test
    void eventsAreNotTrackedEvenAtServerQos() {
        sgc = SgcHarness.start(SgcSettings.builder().qosLevel(QosLevel.LEVEL1).build());
        TestConnection subscriber = subscriber();
        sgc.send(subscriber, ack(subscriber.id()));
        TestConnection publisher = sgc.connectQuietly();

        sgc.send(
                publisher,
                "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"q\","
                        + "\"message\":\"m\"}}");

        assertThat(subscriber.take()).containsExactly(event("q", "m"));
        assertThat(sgc.protocol.trackedCount(subscriber.id())).isZero();
    }

    @Test
    void atServerQos0NothingIsTracked() {
        sgc = SgcHarness.start();
        TestConnection client = sgc.connectQuietly();

        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":{\"a\":1,\"b\":1},\"id\":\"z\"}");
        sgc.clock.advance(Duration.ofHours(1));
        sgc.protocol.retryScan();

        assertThat(client.take()).isEmpty();
        assertThat(sgc.protocol.trackedCount(client.id())).isZero();
    }
}
