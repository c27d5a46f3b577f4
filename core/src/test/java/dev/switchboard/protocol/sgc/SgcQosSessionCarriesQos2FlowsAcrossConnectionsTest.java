package dev.switchboard.protocol.sgc;

import static dev.switchboard.protocol.sgc.SgcHarness.ack;
import static dev.switchboard.protocol.sgc.SgcHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code sgc@qos-session}: the QoS 2 state of a connection that named a session is taken over by the next
 * connection of the same principal naming it, so a flow cut between release and acknowledgment is processed once.
 */
class SgcQosSessionCarriesQos2FlowsAcrossConnectionsTest {

    private static final String KEY = "k2Vb8Yq0xR1s-T_uWzA9cQ";

    private SgcHarness sgc;

    @AfterEach
    void stop() {
        sgc.close();
    }

    private static String name(String key, String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@qos-session\",\"params\":{\"key\":\"" + key + "\"},\"id\":\"" + id
                + "\"}";
    }

    private static String named(boolean adopted, int stored, int released, String id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@qos-session\",\"adopted\":" + adopted + ",\"stored\":"
                + stored + ",\"released\":" + released + "},\"id\":\"" + id + "\"}";
    }

    private static String publish(String id, String message) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"message\":\"" + message
                + "\",\"channel\":\"q\",\"qos\":\"qosLevel2\"},\"qos\":\"qosLevel2\",\"id\":\"" + id + "\"}";
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

    private TestConnection connect(String user) {
        TestConnection connection = sgc.connect(user);
        connection.take();
        return connection;
    }

    @Test
    void aReleaseCutOffIsProcessedOnceOnTheNextConnectionAndItsRetryNotAgain() {
        sgc = SgcHarness.start();
        TestConnection subscriber = subscriber();

        TestConnection first = connect("alice");
        assertThat(sgc.send(first, name(KEY, "n1"))).containsExactly(ack("n1"), named(false, 0, 0, "n1"));
        assertThat(sgc.send(first, publish("A", "stored"))).containsExactly(pubrec("A"));
        assertThat(sgc.send(first, publish("B", "released"))).containsExactly(pubrec("B"));
        sgc.send(first, pubrel("B"));
        assertThat(subscriber.take()).containsExactly(event("q", "released"));
        // The cut: A waits for its release, B's acknowledgment may not have reached the client.
        sgc.disconnect(first);

        TestConnection second = connect("alice");
        assertThat(sgc.send(second, name(KEY, "n2"))).containsExactly(ack("n2"), named(true, 1, 1, "n2"));
        // The client repeats both flows from the start.
        assertThat(sgc.send(second, publish("A", "stored"))).containsExactly(pubrec("A"));
        assertThat(sgc.send(second, publish("B", "released"))).containsExactly(pubrec("B"));
        assertThat(subscriber.take()).isEmpty();
        assertThat(sgc.send(second, pubrel("A"))).containsExactly(ack("A"));
        assertThat(sgc.send(second, pubrel("B"))).containsExactly(ack("B"));
        assertThat(subscriber.take()).containsExactly(event("q", "stored"));
    }

    @Test
    void aReleaseOnTheNextConnectionProcessesTheMessageStoredByTheFirst() {
        sgc = SgcHarness.start();
        TestConnection subscriber = subscriber();
        TestConnection first = connect(null);
        sgc.send(first, name(KEY, "n1"));
        sgc.send(first, publish("A", "kept"));
        sgc.disconnect(first);

        TestConnection second = connect(null);
        assertThat(sgc.send(second, name(KEY, "n2"))).containsExactly(ack("n2"), named(true, 1, 0, "n2"));
        assertThat(sgc.send(second, pubrel("A"))).containsExactly(ack("A"));
        assertThat(subscriber.take()).containsExactly(event("q", "kept"));
    }

    @Test
    void anotherPrincipalNamingTheKeyStartsAfreshAndTheOwnerStillAdopts() {
        sgc = SgcHarness.start();
        TestConnection subscriber = subscriber();
        TestConnection first = connect("alice");
        sgc.send(first, name(KEY, "n1"));
        sgc.send(first, publish("A", "alice's"));
        sgc.disconnect(first);

        TestConnection mallory = connect("mallory");
        assertThat(sgc.send(mallory, name(KEY, "m"))).containsExactly(ack("m"), named(false, 0, 0, "m"));
        assertThat(sgc.send(mallory, pubrel("A"))).containsExactly(ack("A"));
        TestConnection anonymous = connect(null);
        assertThat(sgc.send(anonymous, name(KEY, "a"))).containsExactly(ack("a"), named(false, 0, 0, "a"));
        assertThat(subscriber.take()).isEmpty();

        TestConnection alice = connect("alice");
        assertThat(sgc.send(alice, name(KEY, "n2"))).containsExactly(ack("n2"), named(true, 1, 0, "n2"));
    }

    @Test
    void aKeyHeldByALiveConnectionIsRefusedWithMinus32009UntilItCloses() {
        sgc = SgcHarness.start();
        TestConnection first = connect("alice");
        sgc.send(first, name(KEY, "n1"));
        sgc.send(first, publish("A", "m"));

        TestConnection second = connect("alice");
        assertThat(sgc.send(second, name(KEY, "n2")))
                .containsExactly(
                        ack("n2"),
                        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32009,\"message\":\"QoS session in use\","
                                + "\"data\":\"another connection holds this QoS session; name it again once that"
                                + " one has closed\"},\"qos\":\"qosLevel0\",\"id\":\"n2\"}");
        sgc.disconnect(first);
        assertThat(sgc.send(second, name(KEY, "n3"))).containsExactly(ack("n3"), named(true, 1, 0, "n3"));
        assertThat(sgc.send(second, name(KEY, "n4")))
                .as("naming it again is harmless")
                .containsExactly(ack("n4"), named(false, 0, 0, "n4"));
    }

    @Test
    void aConnectionWhoseCloseHasBegunNoLongerHoldsItsKey() {
        sgc = SgcHarness.start();
        TestConnection subscriber = subscriber();
        TestConnection first = connect("alice");
        sgc.send(first, name(KEY, "n1"));
        sgc.send(first, publish("A", "m"));
        // The heartbeat found it dead: its close has begun, but the transport has not finished closing.
        first.markClosed();

        TestConnection second = connect("alice");
        assertThat(sgc.send(second, name(KEY, "n2"))).containsExactly(ack("n2"), named(true, 1, 0, "n2"));
        sgc.disconnect(first);
        assertThat(sgc.protocol.qosSessions().parkedCount()).isZero();
        assertThat(sgc.send(second, pubrel("A"))).containsExactly(ack("A"));
        assertThat(subscriber.take()).containsExactly(event("q", "m"));
    }

    @Test
    void malformedLateOrSecondKeysAreRefusedWithMinus32602() {
        sgc = SgcHarness.start();
        TestConnection client = connect("alice");
        for (String bad :
                new String[] {"short", "x".repeat(65), "abcdefghijklmnopqrstu=", "abcdefghijklmnopq\\\"rstu"}) {
            assertThat(sgc.send(client, name(bad, "b")))
                    .last()
                    .asString()
                    .contains("\"code\":-32602")
                    .contains("base64url");
        }
        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@qos-session\",\"params\":{\"key\":7},"
                                + "\"id\":\"n\"}"))
                .last()
                .asString()
                .contains("\"code\":-32602");

        sgc.send(client, publish("A", "m"));
        assertThat(sgc.send(client, name(KEY, "late")))
                .last()
                .asString()
                .contains("\"code\":-32602")
                .contains("before the connection's first QoS 2 message");

        TestConnection other = connect("alice");
        sgc.send(other, name(KEY, "n1"));
        assertThat(sgc.send(other, name("AAAAAAAAAAAAAAAAAAAAAA", "n2")))
                .last()
                .asString()
                .contains("\"code\":-32602")
                .contains("another QoS session");
    }

    @Test
    void aConnectionThatNamesNoSessionLosesItsQos2StateWithItAsInSgc() {
        sgc = SgcHarness.start();
        TestConnection subscriber = subscriber();
        TestConnection first = connect("alice");
        sgc.send(first, publish("A", "m"));
        sgc.disconnect(first);
        assertThat(sgc.protocol.qosSessions().parkedCount()).isZero();

        TestConnection second = connect("alice");
        assertThat(sgc.send(second, pubrel("A"))).containsExactly(ack("A"));
        assertThat(subscriber.take()).isEmpty();
    }

    @Test
    void withTheTtlAtZeroTheMethodIsUnknown() {
        sgc = SgcHarness.start(
                SgcSettings.builder().qosSessionTtl(Duration.ZERO).build());
        TestConnection client = connect("alice");
        assertThat(sgc.send(client, name(KEY, "n")))
                .last()
                .asString()
                .contains("\"code\":-32601")
                .contains("sgc@qos-session is not supported");
        sgc.send(client, publish("A", "m"));
        sgc.disconnect(client);
        assertThat(sgc.protocol.qosSessions().parkedCount()).isZero();
    }
}
