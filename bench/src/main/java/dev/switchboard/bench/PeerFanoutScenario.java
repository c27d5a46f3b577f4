package dev.switchboard.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Scenarios 6 and 7, STOMP and MQTT fan-out: one publisher and N subscribers of one topic, on Switchboard and on a
 * broker of the same protocol that teams use instead (Spring's simple STOMP broker, Mosquitto), in the same run. The
 * phases are exactly the fan-out's ({@link FanoutScenario#measure}): a throughput phase with a window of publications
 * in flight, and a fixed-rate latency phase whose payloads carry their scheduled send time.
 *
 * <p>Every target's subscribers stay connected for the whole size and the targets take turns round by round (each
 * round starting with the next), as in the fan-out, so a slow minute of the machine falls on both alike.
 */
final class PeerFanoutScenario {

    /** The topic: STOMP destination {@code /topic/bench}, MQTT topic {@code bench}, Switchboard channel {@code bench}. */
    static final String TOPIC = ServerKind.CHANNEL;

    private static final AtomicLong CLIENT_IDS = new AtomicLong();

    private PeerFanoutScenario() {}

    /** How the driver speaks one protocol: the connection's set-up as subscriber or publisher. */
    interface Driver {
        /** The WebSocket subprotocol offered. */
        String subprotocol();

        /**
         * Logs in and subscribes on an open connection; afterwards every publication received goes to {@code phase[0]}.
         *
         * @return completes once the server confirmed the subscription; fails on a refusal or a malformed answer
         */
        CompletableFuture<Void> subscribe(ClientConnection connection, FanoutScenario.Phase[] phase);

        /**
         * Logs in on an open connection.
         *
         * @return completes, once the server accepted the login, with what sends one payload as a publication
         */
        CompletableFuture<Consumer<String>> publisher(ClientConnection connection);
    }

    /**
     * One scenario: its name for {@code --only}, in the results, and its two series.
     *
     * @param option  the name {@code --only} takes
     * @param name    the scenario's name in the results
     * @param driver  the protocol driver
     * @param columns Switchboard and the peer
     */
    record Protocol(String option, String name, Driver driver, Results.Columns columns) {}

    /** STOMP 1.2: Switchboard against Spring's simple broker. */
    static final Protocol STOMP = new Protocol(
            "stomp-fanout",
            "STOMP fan-out",
            new StompDriver(),
            new Results.Columns(
                    ServerKind.SWITCHBOARD.id(),
                    ServerKind.SWITCHBOARD.label(),
                    "spring",
                    "Spring simple broker",
                    "Switchboard / Spring"));

    /** MQTT 3.1.1: Switchboard against Mosquitto. */
    static final Protocol MQTT = new Protocol(
            "mqtt-fanout",
            "MQTT fan-out",
            new MqttDriver(),
            new Results.Columns(
                    ServerKind.SWITCHBOARD.id(),
                    ServerKind.SWITCHBOARD.label(),
                    "mosquitto",
                    "Mosquitto",
                    "Switchboard / Mosquitto"));

    /**
     * One server of the comparison.
     *
     * @param series its id in {@code protocol.columns()}
     * @param label  its name in logs and notes
     * @param uri    the WebSocket URI its protocol is served at
     */
    record Target(String series, String label, URI uri, ServerMeter cpu) {}

    private record Audience(
            Target target,
            List<ClientConnection> connections,
            Consumer<String> publish,
            FanoutScenario.Phase[] phase) {}

    /**
     * Runs the scenario against the targets (Switchboard first, then the peer when it runs), at every size of
     * {@link Settings#peerSubscribers()}.
     */
    static void run(Protocol protocol, List<Target> targets, LoadClient client, Settings settings, Results results)
            throws Exception {
        for (int subscribers : settings.peerSubscribers()) {
            List<Audience> audiences = new ArrayList<>();
            try {
                for (Target target : targets) {
                    audiences.add(connect(protocol, target, client, subscribers));
                }
                for (int round = 0; round < settings.warmupRounds() + settings.rounds(); round++) {
                    for (int turn = 0; turn < audiences.size(); turn++) {
                        Audience audience = audiences.get((round + turn) % audiences.size());
                        Target target = audience.target();
                        FanoutScenario.measure(
                                protocol.name(),
                                target.label(),
                                audience.publish(),
                                subscribers,
                                round,
                                settings,
                                audience.phase(),
                                results,
                                target.cpu(),
                                (name, unit, better, value) -> results.add(
                                        protocol.name(),
                                        name,
                                        unit,
                                        better,
                                        protocol.columns(),
                                        target.series(),
                                        value));
                        if (!target.cpu().awaitQuiet(Duration.ofSeconds(10))) {
                            Harness.log("%s still busy 10 s after its round", target.label());
                        }
                    }
                }
            } finally {
                for (Audience audience : audiences) {
                    audience.connections().forEach(connection -> {
                        connection.listener(null);
                        connection.binaryListener(null);
                    });
                    LoadClient.closeAll(audience.connections(), Duration.ofSeconds(60));
                }
            }
        }
    }

    private static Audience connect(Protocol protocol, Target target, LoadClient client, int subscribers)
            throws Exception {
        Driver driver = protocol.driver();
        List<ClientConnection> open = new ArrayList<>();
        try {
            open.addAll(
                    client.connectAll(target.uri(), driver.subprotocol(), subscribers, 200, Duration.ofSeconds(120)));
            FanoutScenario.Phase[] phase = {(sequence, scheduled, arrived) -> {}};
            List<CompletableFuture<Void>> subscribed = new ArrayList<>(subscribers);
            for (ClientConnection connection : open) {
                subscribed.add(driver.subscribe(connection, phase));
            }
            ClientConnection publisher = client.connectAll(
                            target.uri(), driver.subprotocol(), 1, 1, Duration.ofSeconds(30))
                    .get(0);
            open.add(publisher);
            Consumer<String> publish = driver.publisher(publisher).get(30, TimeUnit.SECONDS);
            // A subscription counts once the server confirmed it (RECEIPT, SUBACK) or a publication reached it:
            // Spring's simple broker sends no RECEIPT for SUBSCRIBE, so probes (sequence 0, which no phase counts)
            // are published until every subscriber has one.
            CompletableFuture<Void> all = CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int probes = 0;
            while (true) {
                try {
                    all.get(500, TimeUnit.MILLISECONDS);
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        long done = subscribed.stream()
                                .filter(CompletableFuture::isDone)
                                .count();
                        throw new java.io.IOException(
                                target.label() + ": " + done + " of " + subscribers
                                        + " subscriptions confirmed in 60 s",
                                e);
                    }
                    publish.accept("0 0");
                    probes++;
                }
            }
            if (probes > 0) {
                Harness.log(
                        "%s %s N=%d: subscriptions confirmed by %d probe publication(s)",
                        protocol.name(), target.label(), subscribers, probes);
            }
            return new Audience(target, open, publish, phase);
        } catch (Exception | Error e) {
            LoadClient.closeAll(open, Duration.ofSeconds(60));
            throw new java.io.IOException(
                    protocol.name() + ": could not set up " + subscribers + " subscribers on " + target.label() + ": "
                            + e,
                    e);
        }
    }

    /**
     * The STOMP driver: CONNECT (1.2, no heart-beats), SUBSCRIBE {@code /topic/bench} with {@code ack:auto} and a
     * receipt (the subscription counts once the RECEIPT, or else a first MESSAGE, arrives), SEND to
     * {@code /topic/bench}.
     */
    static final class StompDriver implements Driver {

        static final String DESTINATION = "/topic/" + TOPIC;

        @Override
        public String subprotocol() {
            return "v12.stomp";
        }

        @Override
        public CompletableFuture<Void> subscribe(ClientConnection connection, FanoutScenario.Phase[] phase) {
            CompletableFuture<Void> subscribed = new CompletableFuture<>();
            StompFrames.Reader reader = new StompFrames.Reader();
            String receipt = "subscribed";
            connection.listener((c, text, arrived) -> {
                try {
                    for (StompFrames.Frame frame : reader.feed(text)) {
                        switch (frame.command()) {
                            case "MESSAGE" -> {
                                // A delivery proves the subscription where the server sends no RECEIPT.
                                subscribed.complete(null);
                                FanoutScenario.deliver(phase[0], frame.body(), arrived);
                            }
                            case "CONNECTED" -> c.send(StompFrames.subscribe("0", DESTINATION, receipt));
                            case "RECEIPT" -> {
                                if (receipt.equals(frame.header("receipt-id"))) {
                                    subscribed.complete(null);
                                }
                            }
                            case "ERROR" -> fail(c, subscribed, "ERROR " + frame.header("message"));
                            default -> {
                                // Nothing else is expected; a later server version's frame is not the driver's concern.
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    fail(c, subscribed, e.toString());
                }
            });
            connection.send(StompFrames.connect("127.0.0.1"));
            return subscribed;
        }

        @Override
        public CompletableFuture<Consumer<String>> publisher(ClientConnection connection) {
            CompletableFuture<Consumer<String>> ready = new CompletableFuture<>();
            StompFrames.Reader reader = new StompFrames.Reader();
            connection.listener((c, text, arrived) -> {
                try {
                    for (StompFrames.Frame frame : reader.feed(text)) {
                        if (frame.command().equals("CONNECTED")) {
                            ready.complete(payload -> c.send(StompFrames.send(DESTINATION, payload)));
                        } else if (frame.command().equals("ERROR")) {
                            fail(c, ready, "ERROR " + frame.header("message"));
                        }
                    }
                } catch (RuntimeException e) {
                    fail(c, ready, e.toString());
                }
            });
            connection.send(StompFrames.connect("127.0.0.1"));
            return ready;
        }
    }

    /**
     * The MQTT driver: MQTT 3.1.1 CONNECT with a clean session and a unique client id, SUBSCRIBE {@code bench} at
     * QoS 0 (the subscription counts once the SUBACK grants it), PUBLISH at QoS 0.
     */
    static final class MqttDriver implements Driver {

        @Override
        public String subprotocol() {
            return "mqtt";
        }

        @Override
        public CompletableFuture<Void> subscribe(ClientConnection connection, FanoutScenario.Phase[] phase) {
            CompletableFuture<Void> subscribed = new CompletableFuture<>();
            MqttPackets.Reader reader = new MqttPackets.Reader();
            connection.binaryListener((c, bytes, arrived) -> {
                try {
                    for (MqttPackets.Packet packet : reader.feed(bytes)) {
                        switch (packet.type()) {
                            case MqttPackets.PUBLISH ->
                                FanoutScenario.deliver(
                                        phase[0], new String(packet.payload(), StandardCharsets.ISO_8859_1), arrived);
                            case MqttPackets.CONNACK -> {
                                if (packet.connectReturnCode() != 0) {
                                    fail(c, subscribed, "CONNACK " + packet.connectReturnCode());
                                } else {
                                    c.send(MqttPackets.subscribe(1, TOPIC));
                                }
                            }
                            case MqttPackets.SUBACK -> {
                                byte[] codes = packet.returnCodes();
                                if (packet.packetId() != 1 || codes.length != 1 || (codes[0] & 0xFF) == 0x80) {
                                    fail(c, subscribed, "SUBACK refused the subscription");
                                } else {
                                    subscribed.complete(null);
                                }
                            }
                            default -> {
                                // No other packet is expected at QoS 0.
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    fail(c, subscribed, e.toString());
                }
            });
            connection.send(MqttPackets.connect("bench-sub-" + CLIENT_IDS.incrementAndGet()));
            return subscribed;
        }

        @Override
        public CompletableFuture<Consumer<String>> publisher(ClientConnection connection) {
            CompletableFuture<Consumer<String>> ready = new CompletableFuture<>();
            MqttPackets.Reader reader = new MqttPackets.Reader();
            connection.binaryListener((c, bytes, arrived) -> {
                try {
                    for (MqttPackets.Packet packet : reader.feed(bytes)) {
                        if (packet.type() == MqttPackets.CONNACK) {
                            if (packet.connectReturnCode() == 0) {
                                ready.complete(payload -> c.send(
                                        MqttPackets.publish(TOPIC, payload.getBytes(StandardCharsets.US_ASCII))));
                            } else {
                                fail(c, ready, "CONNACK " + packet.connectReturnCode());
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    fail(c, ready, e.toString());
                }
            });
            connection.send(MqttPackets.connect("bench-pub-" + CLIENT_IDS.incrementAndGet()));
            return ready;
        }
    }

    private static void fail(ClientConnection connection, CompletableFuture<?> future, String reason) {
        if (!future.completeExceptionally(new IllegalStateException(reason))) {
            Harness.log("driver connection failed after its set-up: %s", reason);
        }
        connection.close();
    }
}
