package dev.switchboard.protocol.mqtt;

import java.util.List;
import java.util.Optional;

/**
 * The MQTT control packets (MQTT 3.1.1 §2, MQTT 5.0 §3) as the codec reads and writes them. Fields that 3.1.1 lacks
 * (properties, reason codes) are empty or 0 there. Byte arrays are not copied: a packet is built by one thread and
 * handed on, never changed.
 */
sealed interface MqttPacket {

    int CONNECT = 1;
    int CONNACK = 2;
    int PUBLISH = 3;
    int PUBACK = 4;
    int PUBREC = 5;
    int PUBREL = 6;
    int PUBCOMP = 7;
    int SUBSCRIBE = 8;
    int SUBACK = 9;
    int UNSUBSCRIBE = 10;
    int UNSUBACK = 11;
    int PINGREQ = 12;
    int PINGRESP = 13;
    int DISCONNECT = 14;
    int AUTH = 15;

    /** The protocol level of MQTT 3.1.1. */
    int V311 = 4;
    /** The protocol level of MQTT 5.0. */
    int V5 = 5;

    /** The packet's type (the high nibble of its first byte). */
    int type();

    /** The will a CONNECT carries. */
    record Will(String topic, byte[] payload, int qos, boolean retain, MqttProperties properties) {}

    /**
     * CONNECT. {@code password} and {@code userName} are null when absent.
     */
    record Connect(
            String protocolName,
            int level,
            boolean cleanStart,
            int keepAlive,
            String clientId,
            Optional<Will> will,
            String userName,
            byte[] password,
            MqttProperties properties)
            implements MqttPacket {
        @Override
        public int type() {
            return CONNECT;
        }
    }

    /** CONNACK; in 3.1.1 the reason code is the return code. */
    record Connack(boolean sessionPresent, int reasonCode, MqttProperties properties) implements MqttPacket {
        @Override
        public int type() {
            return CONNACK;
        }
    }

    /** PUBLISH; packetId is 0 at QoS 0; the topic is empty when a topic alias names it. */
    record Publish(
            boolean dup, int qos, boolean retain, String topic, int packetId, byte[] payload, MqttProperties properties)
            implements MqttPacket {
        @Override
        public int type() {
            return PUBLISH;
        }

        Publish withTopic(String value, MqttProperties props) {
            return new Publish(dup, qos, retain, value, packetId, payload, props);
        }
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP. */
    record Ack(int type, int packetId, int reasonCode, MqttProperties properties) implements MqttPacket {}

    /** One topic filter of a SUBSCRIBE with its options (MQTT 5.0 §3.8.3.1). */
    record Subscription(String filter, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {}

    /** SUBSCRIBE. */
    record Subscribe(int packetId, List<Subscription> subscriptions, MqttProperties properties) implements MqttPacket {
        @Override
        public int type() {
            return SUBSCRIBE;
        }
    }

    /** SUBACK. */
    record Suback(int packetId, List<Integer> reasonCodes, MqttProperties properties) implements MqttPacket {
        @Override
        public int type() {
            return SUBACK;
        }
    }

    /** UNSUBSCRIBE. */
    record Unsubscribe(int packetId, List<String> filters, MqttProperties properties) implements MqttPacket {
        @Override
        public int type() {
            return UNSUBSCRIBE;
        }
    }

    /** UNSUBACK; 3.1.1 has no reason codes. */
    record Unsuback(int packetId, List<Integer> reasonCodes, MqttProperties properties) implements MqttPacket {
        @Override
        public int type() {
            return UNSUBACK;
        }
    }

    /** PINGREQ. */
    record PingReq() implements MqttPacket {
        @Override
        public int type() {
            return PINGREQ;
        }
    }

    /** PINGRESP. */
    record PingResp() implements MqttPacket {
        @Override
        public int type() {
            return PINGRESP;
        }
    }

    /** DISCONNECT; 3.1.1 has no reason code (0). */
    record Disconnect(int reasonCode, MqttProperties properties) implements MqttPacket {
        @Override
        public int type() {
            return DISCONNECT;
        }
    }

    /** AUTH (MQTT 5 only). */
    record Auth(int reasonCode, MqttProperties properties) implements MqttPacket {
        @Override
        public int type() {
            return AUTH;
        }
    }
}
