package dev.switchboard.protocol.mqtt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The properties of an MQTT 5 packet (MQTT 5.0 §2.2.2): each identifier once, except User Property (a list of
 * pairs, in order) and, in PUBLISH, Subscription Identifier (a list). An MQTT 3.1.1 packet has none. Immutable once
 * built; {@link #builder()} makes one.
 */
final class MqttProperties {

    static final int PAYLOAD_FORMAT_INDICATOR = 0x01;
    static final int MESSAGE_EXPIRY_INTERVAL = 0x02;
    static final int CONTENT_TYPE = 0x03;
    static final int RESPONSE_TOPIC = 0x08;
    static final int CORRELATION_DATA = 0x09;
    static final int SUBSCRIPTION_IDENTIFIER = 0x0B;
    static final int SESSION_EXPIRY_INTERVAL = 0x11;
    static final int ASSIGNED_CLIENT_IDENTIFIER = 0x12;
    static final int SERVER_KEEP_ALIVE = 0x13;
    static final int AUTHENTICATION_METHOD = 0x15;
    static final int AUTHENTICATION_DATA = 0x16;
    static final int REQUEST_PROBLEM_INFORMATION = 0x17;
    static final int WILL_DELAY_INTERVAL = 0x18;
    static final int REQUEST_RESPONSE_INFORMATION = 0x19;
    static final int RESPONSE_INFORMATION = 0x1A;
    static final int SERVER_REFERENCE = 0x1C;
    static final int REASON_STRING = 0x1F;
    static final int RECEIVE_MAXIMUM = 0x21;
    static final int TOPIC_ALIAS_MAXIMUM = 0x22;
    static final int TOPIC_ALIAS = 0x23;
    static final int MAXIMUM_QOS = 0x24;
    static final int RETAIN_AVAILABLE = 0x25;
    static final int USER_PROPERTY = 0x26;
    static final int MAXIMUM_PACKET_SIZE = 0x27;
    static final int WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28;
    static final int SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29;
    static final int SHARED_SUBSCRIPTION_AVAILABLE = 0x2A;

    /** How a property's value is written on the wire (MQTT 5.0 §2.2.2.2). */
    enum Type {
        BYTE,
        TWO_BYTE,
        FOUR_BYTE,
        VARIABLE,
        UTF8,
        BINARY,
        PAIR
    }

    /** The wire type of an identifier, or null for an identifier MQTT 5 does not define (malformed). */
    static Type typeOf(int id) {
        return switch (id) {
            case PAYLOAD_FORMAT_INDICATOR,
                    REQUEST_PROBLEM_INFORMATION,
                    REQUEST_RESPONSE_INFORMATION,
                    MAXIMUM_QOS,
                    RETAIN_AVAILABLE,
                    WILDCARD_SUBSCRIPTION_AVAILABLE,
                    SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                    SHARED_SUBSCRIPTION_AVAILABLE -> Type.BYTE;
            case SERVER_KEEP_ALIVE, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS -> Type.TWO_BYTE;
            case MESSAGE_EXPIRY_INTERVAL, SESSION_EXPIRY_INTERVAL, WILL_DELAY_INTERVAL, MAXIMUM_PACKET_SIZE ->
                Type.FOUR_BYTE;
            case SUBSCRIPTION_IDENTIFIER -> Type.VARIABLE;
            case CONTENT_TYPE,
                    RESPONSE_TOPIC,
                    ASSIGNED_CLIENT_IDENTIFIER,
                    AUTHENTICATION_METHOD,
                    RESPONSE_INFORMATION,
                    SERVER_REFERENCE,
                    REASON_STRING -> Type.UTF8;
            case CORRELATION_DATA, AUTHENTICATION_DATA -> Type.BINARY;
            case USER_PROPERTY -> Type.PAIR;
            default -> null;
        };
    }

    static final MqttProperties EMPTY = new MqttProperties(new TreeMap<>(), List.of(), List.of());

    // Integer (BYTE, TWO_BYTE, FOUR_BYTE: FOUR_BYTE as a Long, as it is unsigned), String, byte[]
    private final Map<Integer, Object> values;
    private final List<Map.Entry<String, String>> userProperties;
    private final List<Integer> subscriptionIds;

    private MqttProperties(
            Map<Integer, Object> values,
            List<Map.Entry<String, String>> userProperties,
            List<Integer> subscriptionIds) {
        this.values = values;
        this.userProperties = userProperties;
        this.subscriptionIds = subscriptionIds;
    }

    static Builder builder() {
        return new Builder();
    }

    Builder toBuilder() {
        Builder builder = new Builder();
        builder.values.putAll(values);
        builder.userProperties.addAll(userProperties);
        builder.subscriptionIds.addAll(subscriptionIds);
        return builder;
    }

    boolean isEmpty() {
        return values.isEmpty() && userProperties.isEmpty() && subscriptionIds.isEmpty();
    }

    boolean has(int id) {
        return values.containsKey(id);
    }

    /** The value of a BYTE or TWO_BYTE property. */
    Optional<Integer> integer(int id) {
        return Optional.ofNullable((Integer) values.get(id));
    }

    /** The value of a FOUR_BYTE property (unsigned). */
    Optional<Long> unsigned(int id) {
        return Optional.ofNullable((Long) values.get(id));
    }

    Optional<String> string(int id) {
        return Optional.ofNullable((String) values.get(id));
    }

    Optional<byte[]> binary(int id) {
        return Optional.ofNullable((byte[]) values.get(id)).map(byte[]::clone);
    }

    List<Map.Entry<String, String>> userProperties() {
        return userProperties;
    }

    List<Integer> subscriptionIds() {
        return subscriptionIds;
    }

    /** The single-valued properties by identifier, in identifier order (for the encoder). */
    Map<Integer, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return "MqttProperties" + values.keySet() + " users=" + userProperties.size() + " subIds=" + subscriptionIds;
    }

    /** Builds properties; a later value of a single-valued identifier replaces the earlier. */
    static final class Builder {
        private final Map<Integer, Object> values = new TreeMap<>();
        private final List<Map.Entry<String, String>> userProperties = new ArrayList<>();
        private final List<Integer> subscriptionIds = new ArrayList<>();

        Builder integer(int id, int value) {
            values.put(id, value);
            return this;
        }

        Builder unsigned(int id, long value) {
            values.put(id, value);
            return this;
        }

        Builder string(int id, String value) {
            values.put(id, value);
            return this;
        }

        Builder binary(int id, byte[] value) {
            values.put(id, value.clone());
            return this;
        }

        Builder remove(int id) {
            values.remove(id);
            return this;
        }

        Builder user(String name, String value) {
            userProperties.add(Map.entry(name, value));
            return this;
        }

        Builder users(List<Map.Entry<String, String>> pairs) {
            userProperties.addAll(pairs);
            return this;
        }

        Builder subscriptionId(int id) {
            subscriptionIds.add(id);
            return this;
        }

        Builder clearSubscriptionIds() {
            subscriptionIds.clear();
            return this;
        }

        boolean has(int id) {
            return values.containsKey(id);
        }

        MqttProperties build() {
            if (values.isEmpty() && userProperties.isEmpty() && subscriptionIds.isEmpty()) {
                return EMPTY;
            }
            return new MqttProperties(new TreeMap<>(values), List.copyOf(userProperties), List.copyOf(subscriptionIds));
        }
    }
}
