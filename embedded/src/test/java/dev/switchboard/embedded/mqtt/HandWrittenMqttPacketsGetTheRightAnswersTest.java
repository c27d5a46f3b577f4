package dev.switchboard.embedded.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Packets written byte by byte: malformed ones get a DISCONNECT with the reason code and a close while other
 * connections keep working; an unsupported version, topic aliases, a repeated QoS 2 message and an exceeded receive
 * maximum get what MQTT 5 prescribes.
 */
class HandWrittenMqttPacketsGetTheRightAnswersTest {

    static SwitchboardServer server;
    static HttpClient http;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder().host("127.0.0.1").port(0).build();
        server.start();
        port = server.port();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        server.stop();
    }

    private static RawMqtt connected(int level, String clientId) throws Exception {
        RawMqtt raw = RawMqtt.connect(http, port);
        raw.send(RawMqtt.connect(level, clientId));
        byte[] connack = raw.next();
        assertThat(connack[0]).isEqualTo((byte) 0x20);
        assertThat(connack[3]).as("CONNACK reason").isZero();
        return raw;
    }

    @Test
    void aFirstByteThatIsNotConnectClosesAtOnceWithoutWaitingForThePacket() throws Exception {
        try (RawMqtt stranger = RawMqtt.connect(http, port)) {
            // "GE" of an HTTP request: a PUBACK announcing 69 more bytes, which never come.
            stranger.send(RawMqtt.bytes('G', 'E'));
            assertThat(stranger.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void ofSimultaneousConnectsWithOneNewClientIdOnlyOneConnectionStays() throws Exception {
        int contenders = 6;
        for (int round = 0; round < 20; round++) {
            byte[] connect = RawMqtt.connect(5, "race-" + round);
            List<RawMqtt> clients = new ArrayList<>();
            try {
                for (int i = 0; i < contenders; i++) {
                    clients.add(RawMqtt.connect(http, port));
                }
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<Void>> sent = clients.stream()
                        .map(client -> CompletableFuture.runAsync(() -> {
                            try {
                                go.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            client.send(connect);
                        }))
                        .toList();
                go.countDown();
                sent.forEach(CompletableFuture::join);
                for (RawMqtt client : clients) {
                    assertThat(client.next()[0]).as("CONNACK").isEqualTo((byte) 0x20);
                }
                // Each CONNECT takes the session over from the one bound before it (DISCONNECT 0x8E, close).
                int r = round;
                Await.until(
                        "round " + r + ": all but one are closed",
                        () -> clients.stream().filter(c -> c.closed.isDone()).count() == contenders - 1);
                RawMqtt survivor = clients.stream()
                        .filter(c -> !c.closed.isDone())
                        .findFirst()
                        .orElseThrow();
                survivor.send(RawMqtt.bytes(0xC0, 0x00));
                assertThat(survivor.next()[0]).as("PINGRESP").isEqualTo((byte) 0xD0);
            } finally {
                clients.forEach(RawMqtt::close);
            }
        }
    }

    @Test
    void aMalformedPacketGetsDisconnect0x81AndACloseWhileOthersKeepWorking() throws Exception {
        try (PahoV5 bystander = new PahoV5(port, "bystander").connect(PahoV5.options(true));
                RawMqtt bad = connected(5, "bad")) {
            bystander.client.subscribe("still/working", 0);
            // PUBLISH with QoS 3.
            bad.send(RawMqtt.bytes(0x36, 0x05, 0x00, 0x01, 'a', 0x00, 0x01));
            byte[] disconnect = bad.next();
            assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
            assertThat(disconnect[2] & 0xFF).isEqualTo(0x81);
            assertThat(bad.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
            bystander.client.publish("still/working", "yes".getBytes(StandardCharsets.UTF_8), 0, false);
            assertThat(bystander.next().text()).isEqualTo("yes");
        }
    }

    @Test
    void aPacketOverTheMaximumSizeGetsDisconnect0x95() throws Exception {
        try (RawMqtt big = connected(5, "big")) {
            // A PUBLISH announcing 1 MiB, more than the 256 KiB default: refused from its header.
            big.send(RawMqtt.bytes(0x30, 0x80, 0x80, 0x40));
            byte[] disconnect = big.next();
            assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
            assertThat(disconnect[2] & 0xFF).isEqualTo(0x95);
            assertThat(big.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        }
    }

    @Test
    void aPacketBeforeConnectClosesTheConnection() throws Exception {
        try (RawMqtt early = RawMqtt.connect(http, port)) {
            early.send(RawMqtt.bytes(0xC0, 0x00));
            assertThat(early.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void anUnsupportedProtocolLevelGetsConnackUnacceptableVersion() throws Exception {
        try (RawMqtt v3 = RawMqtt.connect(http, port)) {
            v3.send(RawMqtt.connect(3, "old"));
            byte[] connack = v3.next();
            assertThat(connack).containsExactly(0x20, 0x02, 0x00, 0x01);
            v3.closeCode();
        }
    }

    @Test
    void anEmptyClientIdWithoutCleanSessionIsRejectedIn311() throws Exception {
        try (RawMqtt raw = RawMqtt.connect(http, port)) {
            byte[] body = RawMqtt.concat(RawMqtt.string("MQTT"), RawMqtt.bytes(4, 0x00, 0, 60), RawMqtt.string(""));
            raw.send(RawMqtt.packet(0x10, body));
            assertThat(raw.next()).containsExactly(0x20, 0x02, 0x00, 0x02);
        }
    }

    @Test
    void aTopicAliasNamesTheTopicOfLaterPublishesAndAnOutOfRangeAliasIsRefused() throws Exception {
        try (PahoV5 subscriber = new PahoV5(port, "alias-sub").connect(PahoV5.options(true));
                RawMqtt raw = connected(5, "alias-pub")) {
            subscriber.client.subscribe("alias/t", 0);
            byte[] alias1 = RawMqtt.bytes(0x23, 0x00, 0x01);
            raw.send(RawMqtt.publishV5("alias/t", alias1, "one"));
            raw.send(RawMqtt.publishV5("", alias1, "two"));
            PahoV5.Received first = subscriber.next();
            PahoV5.Received second = subscriber.next();
            assertThat(first.topic()).isEqualTo("alias/t");
            assertThat(first.text()).isEqualTo("one");
            assertThat(second.topic()).isEqualTo("alias/t");
            assertThat(second.text()).isEqualTo("two");

            raw.send(RawMqtt.publishV5("alias/t", RawMqtt.bytes(0x23, 0x00, 99), "three"));
            byte[] disconnect = raw.next();
            assertThat(disconnect[0]).isEqualTo((byte) 0xE0);
            assertThat(disconnect[2] & 0xFF).isEqualTo(0x94);
        }
    }

    @Test
    void aRepeatedQos2PublishIsAcknowledgedAgainButDeliveredOnce() throws Exception {
        try (PahoV5 subscriber = new PahoV5(port, "once-sub").connect(PahoV5.options(true));
                RawMqtt raw = connected(4, "once-pub")) {
            subscriber.client.subscribe("once/t", 2);
            byte[] body = RawMqtt.concat(RawMqtt.string("once/t"), RawMqtt.bytes(0x00, 0x07), "x".getBytes());
            raw.send(RawMqtt.packet(0x34, body));
            assertThat(raw.next()).containsExactly(0x50, 0x02, 0x00, 0x07);
            // The same id again, with DUP: PUBREC again, no second delivery.
            raw.send(RawMqtt.packet(0x3C, body));
            assertThat(raw.next()).containsExactly(0x50, 0x02, 0x00, 0x07);
            raw.send(RawMqtt.bytes(0x62, 0x02, 0x00, 0x07));
            assertThat(raw.next()).containsExactly(0x70, 0x02, 0x00, 0x07);
            assertThat(subscriber.next().text()).isEqualTo("x");
            // A marker published after proves the repeat would have arrived before it.
            raw.send(RawMqtt.packet(0x30, RawMqtt.concat(RawMqtt.string("once/t"), "marker".getBytes())));
            assertThat(subscriber.next().text()).isEqualTo("marker");
        }
    }

    @Test
    void moreUnreleasedQos2MessagesThanTheReceiveMaximumGetDisconnect0x93() throws Exception {
        try (RawMqtt raw = connected(5, "flood")) {
            byte[] disconnect = null;
            // The default receive maximum is 32: the 33rd unreleased QoS 2 message is one too many.
            for (int id = 1; id <= 33 && disconnect == null; id++) {
                byte[] body = RawMqtt.concat(RawMqtt.string("flood/t"), RawMqtt.bytes(0, id), RawMqtt.bytes(0));
                raw.send(RawMqtt.packet(0x34, body));
                byte[] answer = raw.next();
                if (answer[0] == (byte) 0xE0) {
                    disconnect = answer;
                }
            }
            assertThat(disconnect).isNotNull();
            assertThat(disconnect[2] & 0xFF).isEqualTo(0x93);
        }
    }

    @Test
    void theServerSendsNoMoreThanTheClientsReceiveMaximumNorLargerPacketsThanItsMaximum() throws Exception {
        try (PahoV5 publisher = new PahoV5(port, "fc-pub").connect(PahoV5.options(true));
                RawMqtt raw = RawMqtt.connect(http, port)) {
            // CONNECT 5 with Receive Maximum 1 and Maximum Packet Size 100.
            byte[] props = RawMqtt.bytes(0x21, 0, 1, 0x27, 0, 0, 0, 100);
            raw.send(RawMqtt.packet(
                    0x10,
                    RawMqtt.concat(
                            RawMqtt.string("MQTT"),
                            RawMqtt.bytes(5, 0x02, 0, 60, props.length),
                            props,
                            RawMqtt.string("fc-sub"))));
            assertThat(raw.next()[0]).isEqualTo((byte) 0x20);
            raw.send(RawMqtt.packet(
                    0x82, RawMqtt.concat(RawMqtt.bytes(0, 1, 0), RawMqtt.string("fc/t"), RawMqtt.bytes(1))));
            assertThat(raw.next()[0]).isEqualTo((byte) 0x90);
            for (String payload : new String[] {"a", "b", "x".repeat(200), "c"}) {
                publisher.client.publish("fc/t", payload.getBytes(StandardCharsets.UTF_8), 1, false);
            }
            byte[] first = raw.next();
            assertThat(new String(first, StandardCharsets.UTF_8)).endsWith("a");
            // One in flight: the next waits for the acknowledgment.
            assertThat(raw.poll(500)).isNull();
            raw.send(RawMqtt.bytes(0x40, 0x02, first[8], first[9]));
            byte[] second = raw.next();
            assertThat(new String(second, StandardCharsets.UTF_8)).endsWith("b");
            raw.send(RawMqtt.bytes(0x40, 0x02, second[8], second[9]));
            // The 200-byte message is over the client's maximum: skipped, and "c" follows.
            byte[] third = raw.next();
            assertThat(new String(third, StandardCharsets.UTF_8)).endsWith("c");
            assertThat(third.length).isLessThan(100);
        }
    }

    @Test
    void textFramesAreRefused() throws Exception {
        try (var text = dev.switchboard.embedded.TestClient.connect(
                http, java.net.URI.create("ws://127.0.0.1:" + port + "/ws"), java.util.Map.of(), "mqtt")) {
            text.send("CONNECT");
            assertThat(text.closeCode()).isEqualTo(CloseCodes.UNSUPPORTED_DATA);
        }
    }
}
