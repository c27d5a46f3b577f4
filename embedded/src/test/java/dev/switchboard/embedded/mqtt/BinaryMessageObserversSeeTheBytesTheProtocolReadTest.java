package dev.switchboard.embedded.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.event.BinaryMessageEvent;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A subprotocol reads the binary messages it is handed (MQTT decodes its packets from them); an application's
 * {@link BinaryMessageEvent} observer still gets every byte of each message.
 */
class BinaryMessageObserversSeeTheBytesTheProtocolReadTest {

    static final List<byte[]> OBSERVED = new CopyOnWriteArrayList<>();

    /** Copies what each event's buffer holds from its position on. */
    @ApplicationScoped
    public static class Recorder {
        void binary(@Observes BinaryMessageEvent event) {
            ByteBuffer message = event.message().duplicate();
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            OBSERVED.add(bytes);
        }
    }

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(builder -> builder.beanClasses(Recorder.class));

    @Test
    void anObserverOfBinaryMessagesSeesTheWholeMqttPacket() throws Exception {
        byte[] connect = RawMqtt.connect(5, "observed");
        try (RawMqtt client = RawMqtt.connect(node.client(), node.port())) {
            client.send(connect);
            assertThat(client.next()[0]).as("CONNACK").isEqualTo((byte) 0x20);
            Await.until("the CONNECT observed", () -> !OBSERVED.isEmpty());
            assertThat(OBSERVED.get(0)).containsExactly(connect);
        }
    }
}
