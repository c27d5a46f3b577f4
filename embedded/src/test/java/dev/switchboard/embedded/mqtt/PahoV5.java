package dev.switchboard.embedded.mqtt;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * An Eclipse Paho MQTT 5 client over WebSocket that records what arrives and how it was disconnected; the cluster
 * tests use it too.
 */
public final class PahoV5 implements MqttCallback, AutoCloseable {

    /** A message as it arrived. */
    public record Received(String topic, MqttMessage message) {
        public String text() {
            return new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public final MqttClient client;
    public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();

    public PahoV5(int port, String clientId) throws MqttException {
        client = new MqttClient("ws://127.0.0.1:" + port + "/ws", clientId, new MemoryPersistence());
        client.setCallback(this);
    }

    public static MqttConnectionOptions options(boolean cleanStart) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(cleanStart);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        return options;
    }

    public PahoV5 connect(MqttConnectionOptions options) throws MqttException {
        client.connect(options);
        return this;
    }

    public Received next() throws InterruptedException {
        Received next = received.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no MQTT message arrived within 10 s");
        }
        return next;
    }

    public Received poll() throws InterruptedException {
        return received.poll(300, TimeUnit.MILLISECONDS);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        disconnected.complete(response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.add(new Received(topic, message));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(2000);
        }
        client.close(true);
    }
}
