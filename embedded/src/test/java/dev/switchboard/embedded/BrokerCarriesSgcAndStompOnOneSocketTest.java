package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker protocol ({@code broker.esegece.com}) carries sgc and STOMP on one WebSocket: each inner protocol keeps
 * its own state, receives channel publications wrapped in the envelope, answers in its own envelope, and closes with
 * the socket; bad envelopes get an error frame and the socket keeps serving.
 */
class BrokerCarriesSgcAndStompOnOneSocketTest {

    static final String SGC = "esegece.com";
    static final String STOMP = "v12.stomp";

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass();

    @Test
    void sgcAndStompSubscribersOnOneSocketBothReceiveAPlainSgcClientsPublication() throws Exception {
        try (TestClient.Recorder broker = TestClient.connect(node.client(), node.ws("/"), "broker.esegece.com");
                TestClient.Recorder publisher = TestClient.connect(node.client(), node.ws("/"), SGC)) {
            openSgcAndStomp(broker);
            subscribeBoth(broker, "news");

            publisher.send(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"news\",\"message\":\"hello\"}}");

            JsonObject sgcEvent = next(broker, SGC, "sgc@event");
            assertThat(sgcEvent.getString("data"))
                    .contains("\"channel\":\"news\"")
                    .contains("hello");
            JsonObject message = next(broker, STOMP, "MESSAGE");
            assertThat(message.getString("data"))
                    .contains("subscription:s1")
                    .contains("destination:/topic/news")
                    .endsWith("\n\nhello\0");
        }
    }

    @Test
    void repliesGoToTheInnerProtocolThatAsked() throws Exception {
        try (TestClient.Recorder broker = TestClient.connect(node.client(), node.ws("/"), "broker.esegece.com")) {
            openSgcAndStomp(broker);

            broker.send(wrap(STOMP, "SEND\ndestination:/topic/receipts\nreceipt:r-42\n\nx\0"));
            JsonObject receipt = next(broker, STOMP, "RECEIPT");
            assertThat(receipt.getString("data")).contains("receipt-id:r-42");

            broker.send(wrap(SGC, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@protocol\",\"id\":\"p1\"}"));
            JsonObject answer = next(broker, SGC, SGC);
            assertThat(answer.getString("data")).isEqualTo(SGC);

            // A binary frame names its protocol in a length prefix, both ways.
            byte[] head = "SEND\ndestination:/topic/bytes\ncontent-type:application/octet-stream\ncontent-length:2\n\n"
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(broker.ask(wrap(STOMP, "SUBSCRIBE\nid:b\ndestination:/topic/bytes\nreceipt:rb\n\n\0")))
                    .contains("RECEIPT");
            broker.socket
                    .sendBinary(binary(STOMP, head, new byte[] {(byte) 0xff, 0x01, 0}), true)
                    .join();
            byte[] received = broker.nextBinary();
            assertThat(received[0]).isEqualTo((byte) STOMP.length());
            assertThat(new String(received, 1, STOMP.length(), StandardCharsets.US_ASCII))
                    .isEqualTo(STOMP);
            String frame = new String(
                    received, 1 + STOMP.length(), received.length - 1 - STOMP.length(), StandardCharsets.ISO_8859_1);
            assertThat(frame).startsWith("MESSAGE\n").endsWith("\n\n\u00ff\u0001\u0000");
        }
    }

    @Test
    void innerStateIsSeparateAnSgcSubscriptionDoesNotReachStomp() throws Exception {
        try (TestClient.Recorder broker = TestClient.connect(node.client(), node.ws("/"), "broker.esegece.com");
                TestClient.Recorder publisher = TestClient.connect(node.client(), node.ws("/"), SGC)) {
            openSgcAndStomp(broker);
            broker.send(wrap(SGC, subscribe("only-sgc", "a")));
            next(broker, SGC, "\"sgc@subscribe\"");
            assertThat(broker.ask(wrap(STOMP, "SUBSCRIBE\nid:m\ndestination:/topic/marker\nreceipt:rm\n\n\0")))
                    .contains("RECEIPT");

            Gateway gateway = CDI.current().select(Gateway.class).get();
            List<Connection> inner = innerConnections(gateway);
            assertThat(inner).hasSize(2);
            Connection sgcInner = bySubprotocol(inner, SGC);
            Connection stompInner = bySubprotocol(inner, STOMP);
            assertThat(gateway.subscriptions(sgcInner)).containsExactly("only-sgc");
            assertThat(gateway.subscriptions(stompInner)).containsExactly("marker");
            assertThat(sgcInner.attributes()).isNotSameAs(stompInner.attributes());

            publisher.send(publish("only-sgc", "for sgc"));
            publisher.send(publish("marker", "last"));

            // Both publications come in order through one socket: the STOMP marker is the first STOMP frame.
            JsonObject first = next(broker, STOMP, "MESSAGE");
            assertThat(first.getString("data")).endsWith("\n\nlast\0");
            assertThat(next(broker, SGC, "sgc@event").getString("data")).contains("for sgc");
        }
    }

    @Test
    void unknownProtocolsAndMalformedEnvelopesGetErrorsAndTheSocketKeepsServing() throws Exception {
        try (TestClient.Recorder broker = TestClient.connect(node.client(), node.ws("/"), "broker.esegece.com")) {
            JsonObject unknown = envelope(broker.ask("{\"broker\":\"open\",\"protocol\":\"nope.example\"}"));
            assertThat(unknown.getString("broker")).isEqualTo("error");
            assertThat(unknown.getString("protocol")).isEqualTo("nope.example");
            assertThat(unknown.getString("message")).contains("unknown");

            assertThat(envelope(broker.ask("{\"broker\":\"open\",\"protocol\":\"broker.esegece.com\"}"))
                            .getString("broker"))
                    .isEqualTo("error");
            for (String bad : List.of(
                    "{\"broker\":",
                    "[1,2]",
                    "not json",
                    "{\"broker\":\"message\",\"protocol\":\"esegece.com\"}",
                    "{\"broker\":\"open\",\"protocol\":{\"x\":1}}",
                    "{\"broker\":\"open\",\"broker\":\"open\",\"protocol\":\"esegece.com\"}",
                    "{\"broker\":\"jump\",\"protocol\":\"esegece.com\"}",
                    wrap(SGC, "{}"))) {
                JsonObject error = envelope(broker.ask(bad));
                assertThat(error.getString("broker")).as(bad).isEqualTo("error");
            }
            broker.socket.sendBinary(ByteBuffer.wrap(new byte[] {9, 'x'}), true).join();
            assertThat(envelope(broker.nextText()).getString("broker")).isEqualTo("error");

            JsonObject opened = envelope(broker.ask(open(SGC)));
            assertThat(opened.getString("broker")).isEqualTo("opened");
            assertThat(next(broker, SGC, "sgc@session").getString("data")).contains("sgc@session");
            assertThat(envelope(broker.ask(open(SGC))).getString("message")).contains("already open");
            assertThat(broker.isOpen()).isTrue();
        }
    }

    @Test
    void moreInnerProtocolsThanTheLimitAreRefused() throws Exception {
        try (TestClient.Recorder broker = TestClient.connect(node.client(), node.ws("/"), "broker.esegece.com")) {
            for (String token : List.of(SGC, STOMP, "v11.stomp", "v10.stomp")) {
                assertThat(envelope(sendAndAwait(broker, open(token), "\"opened\""))
                                .getString("protocol"))
                        .isEqualTo(token);
            }
            JsonObject refused = envelope(sendAndAwait(broker, open("mqtt"), "\"error\""));
            assertThat(refused.getString("message")).contains("at most 4");
        }
    }

    @Test
    void closingTheSocketClosesEveryInnerProtocol() throws Exception {
        Gateway gateway = CDI.current().select(Gateway.class).get();
        TestClient.Recorder broker = TestClient.connect(node.client(), node.ws("/"), "broker.esegece.com");
        try (broker) {
            openSgcAndStomp(broker);
            subscribeBoth(broker, "gone");
            assertThat(innerConnections(gateway)).hasSize(2);
            broker.socket.sendClose(CloseCodes.NORMAL, "bye").join();
            broker.closeCode();
        }
        Await.until(
                "the inner connections are gone",
                () -> innerConnections(gateway).isEmpty());
        Await.until(
                "no subscriber of the channel is left",
                () -> gateway.channels().stream().noneMatch("gone"::equals));
    }

    @Test
    void aClientClosesOneInnerProtocolAndTheOtherKeepsItsSubscription() throws Exception {
        Gateway gateway = CDI.current().select(Gateway.class).get();
        try (TestClient.Recorder broker = TestClient.connect(node.client(), node.ws("/"), "broker.esegece.com");
                TestClient.Recorder publisher = TestClient.connect(node.client(), node.ws("/"), SGC)) {
            openSgcAndStomp(broker);
            subscribeBoth(broker, "half");

            JsonObject closed =
                    envelope(sendAndAwait(broker, "{\"broker\":\"close\",\"protocol\":\"esegece.com\"}", "closed"));
            assertThat(closed.getString("protocol")).isEqualTo(SGC);
            assertThat(closed.getInt("code")).isEqualTo(1000);
            assertThat(innerConnections(gateway))
                    .extracting(c -> c.subprotocol().orElseThrow())
                    .containsExactly(STOMP);

            publisher.send(publish("half", "still here"));
            assertThat(next(broker, STOMP, "MESSAGE").getString("data")).endsWith("still here\0");
            assertThat(envelope(broker.ask(wrap(SGC, subscribe("half", "x")))).getString("message"))
                    .contains("not open");
        }
    }

    @Test
    void aServerCloseWithAnErrorCodeClosesTheSocketToo() throws Exception {
        Gateway gateway = CDI.current().select(Gateway.class).get();
        try (TestClient.Recorder broker = TestClient.connect(node.client(), node.ws("/"), "broker.esegece.com")) {
            openSgcAndStomp(broker);
            Connection stompInner = bySubprotocol(innerConnections(gateway), STOMP);

            assertThat(gateway.disconnect(stompInner.id(), CloseCodes.FORBIDDEN, "go away"))
                    .isTrue();

            assertThat(broker.closeCode()).isEqualTo(CloseCodes.FORBIDDEN);
            Await.until(
                    "the inner connections are gone",
                    () -> innerConnections(gateway).isEmpty());
        }
    }

    @Test
    void anMqttInnerProtocolSpeaksInBinaryFramesNextToSgc() throws Exception {
        try (TestClient.Recorder broker = TestClient.connect(node.client(), node.ws("/"), "broker.esegece.com");
                TestClient.Recorder publisher = TestClient.connect(node.client(), node.ws("/"), SGC)) {
            assertThat(envelope(broker.ask(open("mqtt"))).getString("broker")).isEqualTo("opened");
            byte[] connect = {
                0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 1, 'c',
            };
            broker.socket.sendBinary(binary("mqtt", connect), true).join();
            assertThat(unwrapped(broker.nextBinary(), "mqtt")).containsExactly(0x20, 2, 0, 0);

            byte[] subscribe = {(byte) 0x82, 9, 0, 1, 0, 4, 'm', 'q', 't', 't', 0};
            broker.socket.sendBinary(binary("mqtt", subscribe), true).join();
            assertThat(unwrapped(broker.nextBinary(), "mqtt")).containsExactly(0x90, 3, 0, 1, 0);

            publisher.send(publish("mqtt", "over mqtt"));
            byte[] packet = unwrapped(broker.nextBinary(), "mqtt");
            assertThat(packet[0] & 0xf0).isEqualTo(0x30);
            assertThat(new String(packet, StandardCharsets.ISO_8859_1)).endsWith("mqttover mqtt");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** The payload of a binary frame of the broker, checking the protocol it names. */
    private static byte[] unwrapped(byte[] frame, String token) {
        assertThat(frame[0]).isEqualTo((byte) token.length());
        assertThat(new String(frame, 1, token.length(), StandardCharsets.US_ASCII))
                .isEqualTo(token);
        return java.util.Arrays.copyOfRange(frame, 1 + token.length(), frame.length);
    }

    private static void openSgcAndStomp(TestClient.Recorder broker) throws Exception {
        assertThat(envelope(broker.ask(open(SGC))).getString("broker")).isEqualTo("opened");
        next(broker, SGC, "sgc@session");
        assertThat(envelope(broker.ask(open(STOMP))).getString("broker")).isEqualTo("opened");
        broker.send(wrap(STOMP, "CONNECT\naccept-version:1.2\nhost:/\n\n\0"));
        next(broker, STOMP, "CONNECTED");
    }

    private static void subscribeBoth(TestClient.Recorder broker, String channel) throws Exception {
        broker.send(wrap(STOMP, "SUBSCRIBE\nid:s1\ndestination:/topic/" + channel + "\nreceipt:r1\n\n\0"));
        next(broker, STOMP, "RECEIPT");
        broker.send(wrap(SGC, subscribe(channel, "sub-" + channel)));
        next(broker, SGC, "\"sgc@subscribe\"");
    }

    private static List<Connection> innerConnections(Gateway gateway) {
        return gateway.connections().stream()
                .filter(c -> c.toString().startsWith("inner connection"))
                .toList();
    }

    private static Connection bySubprotocol(List<Connection> connections, String token) {
        Optional<Connection> found = connections.stream()
                .filter(c -> c.subprotocol().orElse("").equals(token))
                .findFirst();
        return found.orElseThrow();
    }

    private static ByteBuffer binary(String token, byte[]... parts) {
        byte[] name = token.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(1
                + name.length
                + java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        out.put((byte) name.length).put(name);
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.flip();
    }

    private static String open(String token) {
        return "{\"broker\":\"open\",\"protocol\":" + quote(token) + "}";
    }

    private static String wrap(String token, String data) {
        return "{\"broker\":\"message\",\"protocol\":" + quote(token) + ",\"data\":" + quote(data) + "}";
    }

    private static String subscribe(String channel, String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + channel
                + "\"},\"id\":\"" + id + "\"}";
    }

    private static String publish(String channel, String message) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                + "\",\"message\":\"" + message + "\"}}";
    }

    private static String quote(String text) {
        return Json.createValue(text).toString();
    }

    private static JsonObject envelope(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** Envelopes read while looking for another, per socket, in arrival order. */
    private static final java.util.Map<TestClient.Recorder, List<JsonObject>> SKIPPED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The first message envelope of an inner protocol whose data contains a needle, in arrival order: envelopes of
     * other protocols read meanwhile are kept for a later call.
     */
    private static JsonObject next(TestClient.Recorder broker, String token, String needle) throws Exception {
        List<JsonObject> skipped = SKIPPED.computeIfAbsent(broker, b -> new java.util.ArrayList<>());
        for (java.util.Iterator<JsonObject> it = skipped.iterator(); it.hasNext(); ) {
            JsonObject envelope = it.next();
            if (matches(envelope, token, needle)) {
                it.remove();
                return envelope;
            }
        }
        long end = System.nanoTime() + TestClient.DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            String text = broker.pollText(java.time.Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            if (text == null) {
                break;
            }
            JsonObject envelope = envelope(text);
            if (matches(envelope, token, needle)) {
                return envelope;
            }
            skipped.add(envelope);
        }
        throw new AssertionError("No " + token + " message containing " + needle + " within " + TestClient.DEADLINE);
    }

    private static boolean matches(JsonObject envelope, String token, String needle) {
        return "message".equals(envelope.getString("broker", ""))
                && token.equals(envelope.getString("protocol", ""))
                && envelope.getString("data").contains(needle);
    }

    private static String sendAndAwait(TestClient.Recorder broker, String text, String needle) throws Exception {
        broker.send(text);
        return broker.nextContaining(needle);
    }
}
