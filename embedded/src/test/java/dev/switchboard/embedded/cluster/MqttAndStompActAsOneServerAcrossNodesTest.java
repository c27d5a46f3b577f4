package dev.switchboard.embedded.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.mqtt.PahoV5;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.ChildServer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, one Artemis broker: what an MQTT or STOMP client publishes on one node reaches the other node's clients
 * with its protocol metadata (MQTT 5 properties, the retain flag, STOMP headers, the content type), retained
 * messages are the cluster's, not a node's, and a STOMP queue hands each message to one subscriber of the cluster.
 */
class MqttAndStompActAsOneServerAcrossNodesTest {

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @org.junit.jupiter.api.io.TempDir
    static Path directory;

    static TestCluster cluster;
    static ChildServer a;
    static ChildServer b;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(directory);
        a = cluster.startNode("a");
        b = cluster.startNode("b");
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.shutdownNow();
        cluster.close();
    }

    private static PahoV5 mqtt(ChildServer node) throws Exception {
        return new PahoV5(node.port(), "c" + CLIENTS.incrementAndGet()).connect(PahoV5.options(true));
    }

    private static TestClient.Recorder stomp(ChildServer node) throws Exception {
        TestClient.Recorder client = TestClient.connect(http, cluster.ws(node, "/ws"), Map.of(), "v12.stomp");
        assertThat(client.ask("CONNECT\naccept-version:1.2\nhost:/\n\n\0")).startsWith("CONNECTED\n");
        return client;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void mqtt5PropertiesPublishedOnOneNodeArriveWithTheMessageOnTheOther() throws Exception {
        try (PahoV5 onB = mqtt(b);
                PahoV5 publisher = mqtt(a)) {
            onB.client.subscribe("props/+", 1);
            // Live delivery across the nodes is what this waits for: a marker proves the subscription is in place.
            awaitArrival(publisher, onB, "props/marker");

            MqttProperties properties = new MqttProperties();
            properties.setContentType("application/json");
            properties.setResponseTopic("props/replies");
            properties.setCorrelationData(new byte[] {0, 1, 2, (byte) 0xff});
            properties.setPayloadFormat(true);
            properties.setMessageExpiryInterval(120L);
            properties.setUserProperties(List.of(
                    new UserProperty("trace", "t-1"), new UserProperty("trace", "t-2"), new UserProperty("k", "v")));
            MqttMessage message = new MqttMessage(utf8("{\"n\":1}"), 1, false, properties);
            publisher.client.publish("props/one", message);

            PahoV5.Received received = nextOn(onB, "props/one");
            MqttProperties got = received.message().getProperties();
            assertThat(received.text()).isEqualTo("{\"n\":1}");
            assertThat(received.message().getQos()).isEqualTo(1);
            assertThat(got.getContentType()).isEqualTo("application/json");
            assertThat(got.getResponseTopic()).isEqualTo("props/replies");
            assertThat(got.getCorrelationData()).containsExactly(0, 1, 2, 0xff);
            assertThat(got.getPayloadFormat()).isTrue();
            assertThat(got.getMessageExpiryInterval()).isBetween(1L, 120L);
            assertThat(got.getUserProperties())
                    .extracting(UserProperty::getKey, UserProperty::getValue)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("trace", "t-1"),
                            org.assertj.core.groups.Tuple.tuple("trace", "t-2"),
                            org.assertj.core.groups.Tuple.tuple("k", "v"));
        }
    }

    @Test
    void aMessageRetainedOnOneNodeReachesANewSubscriberOnTheOtherAndAClearOnTheOtherClearsItOnTheFirst()
            throws Exception {
        try (PahoV5 publisherOnA = mqtt(a);
                PahoV5 publisherOnB = mqtt(b)) {
            MqttProperties properties = new MqttProperties();
            properties.setUserProperties(List.of(new UserProperty("kept", "yes")));
            publisherOnA.client.publish("kept/topic", new MqttMessage(utf8("retained on a"), 1, true, properties));

            PahoV5.Received retained = awaitRetained(b, "kept/#", "retained on a");
            assertThat(retained.message().isRetained()).isTrue();
            assertThat(retained.message().getProperties().getUserProperties())
                    .extracting(UserProperty::getValue)
                    .containsExactly("yes");

            try (PahoV5 witnessOnA = mqtt(a)) {
                witnessOnA.client.subscribe("kept/#", 1);
                assertThat(witnessOnA.next().text()).isEqualTo("retained on a");
                // The empty retained message from node b clears the topic everywhere; a live subscriber on a sees it
                // go by, so node a has handled it.
                publisherOnB.client.publish("kept/topic", new MqttMessage(new byte[0], 1, true, new MqttProperties()));
                assertThat(witnessOnA.next().message().getPayload()).isEmpty();
            }
            try (PahoV5 lateOnA = mqtt(a)) {
                lateOnA.client.subscribe("kept/#", 1);
                publisherOnB.client.publish("kept/marker", utf8("marker"), 1, false);
                assertThat(lateOnA.next().text()).isEqualTo("marker");
            }
        }
    }

    @Test
    void stompSendHeadersAndContentTypeReachMessageFramesOnTheOtherNodeButItsFrameHeadersDoNot() throws Exception {
        try (TestClient.Recorder onB = stomp(b);
                TestClient.Recorder sender = stomp(a)) {
            assertThat(onB.ask("SUBSCRIBE\nid:s1\ndestination:/topic/headers\nreceipt:r\n\n\0"))
                    .startsWith("RECEIPT\n");
            String frame = awaitStompMessage(
                    sender,
                    onB,
                    "SEND\ndestination:/topic/headers\ncontent-type:application/json\nx-trace:abc\\cdef\n"
                            + "receipt:sent\nmessage-id:forged\nsubscription:forged\nack:forged\n\n{\"k\":1}\0");

            assertThat(frame)
                    .contains("\ncontent-type:application/json\n")
                    .contains("\nx-trace:abc\\cdef\n")
                    .contains("\nsubscription:s1\n")
                    .doesNotContain("forged")
                    .doesNotContain("receipt")
                    .endsWith("\n\n{\"k\":1}\0");
        }
    }

    @Test
    void theMqttContentTypeIsTheStompContentTypeAcrossNodesBothWays() throws Exception {
        try (TestClient.Recorder stompOnB = stomp(b);
                PahoV5 mqttOnA = mqtt(a)) {
            assertThat(stompOnB.ask("SUBSCRIBE\nid:s\ndestination:/topic/types\nreceipt:r\n\n\0"))
                    .startsWith("RECEIPT\n");
            mqttOnA.client.subscribe("types", 1);
            MqttProperties properties = new MqttProperties();
            properties.setContentType("text/csv");
            // Marked as UTF-8, so it is a text publication and reaches STOMP in a text WebSocket message.
            properties.setPayloadFormat(true);
            AtomicReference<String> frame = new AtomicReference<>();
            Await.until("an MQTT publication on a to reach a STOMP subscriber on b", TestCluster.SLOW, () -> {
                mqttOnA.client.publish("types", new MqttMessage(utf8("a,b"), 0, false, properties));
                try {
                    frame.set(stompOnB.nextContaining("MESSAGE"));
                    return true;
                } catch (AssertionError notYet) {
                    return false;
                }
            });
            assertThat(frame.get()).contains("\ncontent-type:text/csv\n").endsWith("\n\na,b\0");

            stompOnB.send("SEND\ndestination:/topic/types\ncontent-type:application/xml\n\n<x/>\0");
            PahoV5.Received received = nextOn(mqttOnA, "types", "<x/>");
            assertThat(received.message().getProperties().getContentType()).isEqualTo("application/xml");
        }
    }

    @Test
    void aQueueMessageReachesExactlyOneSubscriberOfTheClusterAndBothNodesGetTheirTurns() throws Exception {
        try (TestClient.Recorder onA = stomp(a);
                TestClient.Recorder onB = stomp(b);
                TestClient.Recorder sender = stomp(a)) {
            assertThat(onA.ask("SUBSCRIBE\nid:q\ndestination:/queue/work\nreceipt:r\n\n\0"))
                    .startsWith("RECEIPT\n");
            assertThat(onB.ask("SUBSCRIBE\nid:q\ndestination:/queue/work\nreceipt:r\n\n\0"))
                    .startsWith("RECEIPT\n");
            List<String> bodies = new java.util.ArrayList<>();
            // Until node a knows of node b's subscriber, node a keeps the messages; still one delivery each.
            AtomicInteger warm = new AtomicInteger();
            Await.until("node a to route a queue message to node b", TestCluster.SLOW, () -> {
                String body = "warm-" + warm.incrementAndGet();
                assertThat(sender.ask("SEND\ndestination:/queue/work\nreceipt:w\n\n" + body + "\0"))
                        .startsWith("RECEIPT\n");
                String gotOnB = onB.pollText(Duration.ofMillis(200));
                if (gotOnB != null) {
                    bodies.add(bodyOf(gotOnB));
                }
                return gotOnB != null;
            });
            int sent = 20;
            for (int i = 0; i < sent; i++) {
                sender.send("SEND\ndestination:/queue/work\n\nm-" + i + "\0");
            }
            int expected = warm.get() + sent;
            List<String> onlyB = new java.util.ArrayList<>(bodies);
            List<String> onlyA = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (onlyA.size() + onlyB.size() < expected && System.nanoTime() < deadline) {
                String fromA = onA.pollText(Duration.ofMillis(20));
                if (fromA != null) {
                    onlyA.add(bodyOf(fromA));
                }
                String fromB = onB.pollText(Duration.ofMillis(20));
                if (fromB != null) {
                    onlyB.add(bodyOf(fromB));
                }
            }
            // A second copy of a message would arrive right behind the first.
            String late = onA.pollText(Duration.ofMillis(500));
            String lateB = onB.pollText(Duration.ofMillis(500));

            List<String> all = new java.util.ArrayList<>(onlyA);
            all.addAll(onlyB);
            assertThat(late).isNull();
            assertThat(lateB).isNull();
            assertThat(all).doesNotHaveDuplicates().hasSize(expected);
            assertThat(all).filteredOn(body -> body.startsWith("m-")).hasSize(sent);
            assertThat(onlyA).filteredOn(body -> body.startsWith("m-")).isNotEmpty();
            assertThat(onlyB).filteredOn(body -> body.startsWith("m-")).isNotEmpty();
        }
    }

    private static String bodyOf(String frame) {
        assertThat(frame).startsWith("MESSAGE\n");
        return frame.substring(frame.indexOf("\n\n") + 2, frame.length() - 1);
    }

    /** Publishes a marker until the subscriber on the other node gets one: the subscription reached the cluster. */
    private static void awaitArrival(PahoV5 publisher, PahoV5 subscriber, String topic) {
        Await.until("a publication on one node to reach the other", TestCluster.SLOW, () -> {
            publisher.client.publish(topic, utf8("marker"), 0, false);
            PahoV5.Received received = subscriber.poll();
            return received != null && received.topic().equals(topic);
        });
        subscriber.received.clear();
    }

    private static PahoV5.Received nextOn(PahoV5 client, String topic) throws InterruptedException {
        while (true) {
            PahoV5.Received next = client.next();
            if (next.topic().equals(topic)) {
                return next;
            }
        }
    }

    private static PahoV5.Received nextOn(PahoV5 client, String topic, String text) throws InterruptedException {
        while (true) {
            PahoV5.Received next = nextOn(client, topic);
            if (next.text().equals(text)) {
                return next;
            }
        }
    }

    /** A new subscriber on a node, until one gets the retained message (the node stores it when it delivers it). */
    private static PahoV5.Received awaitRetained(ChildServer node, String filter, String text) {
        AtomicReference<PahoV5.Received> found = new AtomicReference<>();
        Await.until("a retained message on the other node", TestCluster.SLOW, () -> {
            try (PahoV5 late = mqtt(node)) {
                late.client.subscribe(filter, 1);
                PahoV5.Received received = late.poll();
                if (received != null && received.text().equals(text)) {
                    found.set(received);
                    return true;
                }
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return found.get();
    }

    /** Sends a frame until the subscriber on the other node gets a MESSAGE; returns it. */
    private static String awaitStompMessage(TestClient.Recorder sender, TestClient.Recorder subscriber, String send) {
        AtomicReference<String> frame = new AtomicReference<>();
        Await.until("a STOMP SEND on one node to reach the other", TestCluster.SLOW, () -> {
            sender.send(send);
            try {
                frame.set(subscriber.nextContaining("MESSAGE"));
                return true;
            } catch (AssertionError notYet) {
                return false;
            }
        });
        return frame.get();
    }
}
