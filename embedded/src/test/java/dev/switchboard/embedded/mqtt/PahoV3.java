package dev.switchboard.embedded.mqtt;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** An Eclipse Paho MQTT 3.1.1 client over WebSocket (or plain TCP) that records what arrives. */
final class PahoV3 implements MqttCallback, AutoCloseable {

    /** A message as it arrived. */
    record Received(String topic, MqttMessage message) {
        String text() {
            return new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    final MqttClient client;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    volatile Throwable lost;

    PahoV3(int port, String clientId) throws MqttException {
        this("ws://127.0.0.1:" + port + "/ws", clientId);
    }

    private PahoV3(String serverUri, String clientId) throws MqttException {
        client = new MqttClient(serverUri, clientId, new MemoryPersistence());
        client.setCallback(this);
    }

    /** A client over plain TCP ({@code tcp://}), to the embedded server's MQTT TCP listener. */
    static PahoV3 overTcp(int tcpPort, String clientId) throws MqttException {
        return new PahoV3("tcp://127.0.0.1:" + tcpPort, clientId);
    }

    static MqttConnectOptions options(boolean clean) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(clean);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        return options;
    }

    PahoV3 connect(MqttConnectOptions options) throws MqttException {
        client.connect(options);
        return this;
    }

    Received next() throws InterruptedException {
        Received next = received.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no MQTT message arrived within 10 s");
        }
        return next;
    }

    /** Nothing more arrives within a short wait (after a marker message proved delivery had a chance). */
    Received poll() throws InterruptedException {
        return received.poll(300, TimeUnit.MILLISECONDS);
    }

    @Override
    public void connectionLost(Throwable cause) {
        lost = cause;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.add(new Received(topic, message));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(2000);
        }
        client.close(true);
    }
}
