package dev.switchboard.embedded.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.sse.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MQTT topics are Switchboard channels: an sgc publication reaches MQTT subscribers (also through {@code +} and
 * {@code #} filters) and an SSE stream; an MQTT publication reaches sgc and SSE, as text when it is UTF-8 text and as
 * bytes otherwise.
 */
class MqttSgcAndSseShareChannelsTest {

    static SwitchboardServer server;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder().host("127.0.0.1").port(0).build();
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        http.shutdownNow();
        server.stop();
    }

    private static URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.port() + path);
    }

    private static String sgc(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + ",\"id\":\"x\"}";
    }

    @Test
    void anSgcPublicationReachesMqttFiltersAndAnSseStream() throws Exception {
        try (PahoV3 exact = new PahoV3(server.port(), "x-exact").connect(PahoV3.options(true));
                PahoV5 wild = new PahoV5(server.port(), "x-wild").connect(PahoV5.options(true));
                TestClient.Recorder sgc = TestClient.connect(http, uri("ws", "/ws"), Map.of(), "esegece.com");
                SseClient stream = SseClient.open(http, uri("http", "/sse/sensors"), Map.of())) {
            stream.next("connection");
            exact.client.subscribe("sensors", 1);
            wild.client.subscribe("#", 1);
            sgc.send(sgc("sgc@publish", "{\"channel\":\"sensors\",\"message\":\"21.5 \u00b0C\"}"));
            assertThat(exact.next().text()).isEqualTo("21.5 \u00b0C");
            PahoV5.Received viaHash = wild.next();
            assertThat(viaHash.topic()).isEqualTo("sensors");
            assertThat(viaHash.text()).isEqualTo("21.5 \u00b0C");
            // Text from another protocol is announced as UTF-8 to MQTT 5 subscribers.
            assertThat(viaHash.message().getProperties().getPayloadFormat()).isTrue();
            assertThat(stream.next().data()).isEqualTo("21.5 \u00b0C");
        }
    }

    @Test
    void plusMatchesOneLevelOfAChannelPublishedFromSgc() throws Exception {
        try (PahoV5 plus = new PahoV5(server.port(), "x-plus").connect(PahoV5.options(true));
                TestClient.Recorder sgc = TestClient.connect(http, uri("ws", "/ws"), Map.of(), "esegece.com")) {
            plus.client.subscribe("home/+/temp", 0);
            sgc.send(sgc("sgc@publish", "{\"channel\":\"home/kitchen/light\",\"message\":\"no\"}"));
            sgc.send(sgc("sgc@publish", "{\"channel\":\"home/kitchen/temp\",\"message\":\"yes\"}"));
            PahoV5.Received received = plus.next();
            assertThat(received.topic()).isEqualTo("home/kitchen/temp");
            assertThat(received.text()).isEqualTo("yes");
        }
    }

    @Test
    void anMqttPublicationReachesSgcAndSseAsTextOrBytes() throws Exception {
        try (PahoV3 v3 = new PahoV3(server.port(), "x-pub3").connect(PahoV3.options(true));
                PahoV5 v5 = new PahoV5(server.port(), "x-pub5").connect(PahoV5.options(true));
                TestClient.Recorder sgc = TestClient.connect(http, uri("ws", "/ws"), Map.of(), "esegece.com");
                SseClient stream = SseClient.open(http, uri("http", "/sse/meter"), Map.of())) {
            stream.next("connection");
            sgc.send(sgc("sgc@subscribe", "{\"channel\":\"meter\"}"));
            sgc.nextContaining("sgc@subscribe");

            // MQTT 3.1.1: a UTF-8 payload is text.
            v3.client.publish("meter", "42 kWh".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(sgc.nextContaining("sgc@event")).contains("\"message\":\"42 kWh\"");
            SseClient.Event text = stream.next();
            assertThat(text.data()).isEqualTo("42 kWh");

            // MQTT 3.1.1: bytes that are not UTF-8 are bytes.
            v3.client.publish("meter", new byte[] {(byte) 0xFF, 0x00, 0x10}, 1, false);
            assertThat(sgc.nextContaining("sgc@event")).contains("\"message\":\"sgc@b64:/wAQ\"");
            SseClient.Event bytes = stream.next();
            assertThat(bytes.type()).isEqualTo("binary");
            assertThat(bytes.data()).isEqualTo("/wAQ");

            // MQTT 5: text only with payload format indicator 1; without it, even UTF-8 is bytes.
            MqttMessage marked = new MqttMessage("utf8 marked".getBytes(StandardCharsets.UTF_8));
            MqttProperties utf8 = new MqttProperties();
            utf8.setPayloadFormat(true);
            marked.setProperties(utf8);
            v5.client.publish("meter", marked);
            assertThat(sgc.nextContaining("sgc@event")).contains("\"message\":\"utf8 marked\"");
            assertThat(stream.next().data()).isEqualTo("utf8 marked");
            v5.client.publish("meter", new MqttMessage("unmarked".getBytes(StandardCharsets.UTF_8)));
            assertThat(sgc.nextContaining("sgc@event")).contains("sgc@b64:dW5tYXJrZWQ=");
            assertThat(stream.next().type()).isEqualTo("binary");
        }
    }
}
