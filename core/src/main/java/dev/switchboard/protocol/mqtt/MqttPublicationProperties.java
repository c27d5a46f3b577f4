package dev.switchboard.protocol.mqtt;

import dev.switchboard.api.Publication;
import dev.switchboard.api.PublicationProperties;
import java.util.Base64;
import java.util.Map;

/**
 * What an MQTT publication carries beyond its payload, written into the publication's {@link PublicationProperties}
 * so that it reaches the MQTT subscribers of every node of a cluster, and read back at delivery.
 *
 * <p>The names: {@code mqtt.qos} (the published QoS, present on every MQTT publication and so its mark),
 * {@code mqtt.retain} ({@code 1} when published with the retain flag), {@code mqtt.expires-at} (the absolute expiry
 * in epoch milliseconds, so that every node counts the Message Expiry Interval down from the same instant; nodes
 * need synchronised clocks), {@code mqtt.payload-format}, {@code mqtt.response-topic}, {@code mqtt.correlation-data}
 * (Base64) and one {@code mqtt.user:NAME} pair per User Property, in order, repeats kept. The Content Type is the
 * shared {@link PublicationProperties#CONTENT_TYPE}, which STOMP reads and writes as its {@code content-type} header.
 */
final class MqttPublicationProperties {

    static final String QOS = "mqtt.qos";
    static final String RETAIN = "mqtt.retain";
    static final String EXPIRES_AT = "mqtt.expires-at";
    static final String PAYLOAD_FORMAT = "mqtt.payload-format";
    static final String RESPONSE_TOPIC = "mqtt.response-topic";
    static final String CORRELATION_DATA = "mqtt.correlation-data";
    static final String USER_PREFIX = "mqtt.user:";

    private static final String[] QOS_TEXT = {"0", "1", "2"};

    private MqttPublicationProperties() {}

    /**
     * The properties of a message an MQTT client (or a will) publishes.
     *
     * @param message the message, with the properties passed on to subscribers
     * @return the publication's properties
     */
    static PublicationProperties of(MqttMessage message) {
        MqttProperties props = message.properties();
        PublicationProperties.Builder builder = PublicationProperties.builder().add(QOS, QOS_TEXT[message.qos()]);
        if (message.retain()) {
            builder.add(RETAIN, "1");
        }
        if (message.expiresAt() != 0) {
            builder.add(EXPIRES_AT, Long.toString(message.expiresAt()));
        }
        props.integer(MqttProperties.PAYLOAD_FORMAT_INDICATOR)
                .ifPresent(format -> builder.add(PAYLOAD_FORMAT, format.toString()));
        props.string(MqttProperties.CONTENT_TYPE)
                .ifPresent(type -> builder.add(PublicationProperties.CONTENT_TYPE, type));
        props.string(MqttProperties.RESPONSE_TOPIC).ifPresent(topic -> builder.add(RESPONSE_TOPIC, topic));
        props.binary(MqttProperties.CORRELATION_DATA)
                .ifPresent(data ->
                        builder.add(CORRELATION_DATA, Base64.getEncoder().encodeToString(data)));
        for (Map.Entry<String, String> user : props.userProperties()) {
            builder.add(USER_PREFIX + user.getKey(), user.getValue());
        }
        return builder.build();
    }

    /**
     * The MQTT view of a publication: with its MQTT properties when an MQTT client of any node published it; another
     * protocol's (or the server's) publication is delivered at the subscriber's granted QoS, its text announced as
     * UTF-8 and its content type passed on.
     *
     * @param publication the publication
     * @return the message
     */
    static MqttMessage messageOf(Publication publication) {
        PublicationProperties properties = publication.properties();
        byte[] payload = publication.bytes();
        String publisher = publication.publisher().orElse(null);
        if (properties.isEmpty()) {
            return new MqttMessage(
                    publication.channel(),
                    payload,
                    !publication.binary(),
                    2,
                    false,
                    publication.binary() ? MqttProperties.EMPTY : TEXT,
                    0,
                    publisher);
        }
        int qos = -1;
        boolean retain = false;
        long expiresAt = 0;
        MqttProperties.Builder props = MqttProperties.builder();
        for (PublicationProperties.Property property : properties.list()) {
            String name = property.name();
            String value = property.value();
            try {
                switch (name) {
                    case QOS -> qos = Math.min(2, Math.max(0, Integer.parseInt(value)));
                    case RETAIN -> retain = value.equals("1");
                    case EXPIRES_AT -> expiresAt = Long.parseLong(value);
                    case PAYLOAD_FORMAT ->
                        props.integer(MqttProperties.PAYLOAD_FORMAT_INDICATOR, Integer.parseInt(value));
                    case PublicationProperties.CONTENT_TYPE -> props.string(MqttProperties.CONTENT_TYPE, value);
                    case RESPONSE_TOPIC -> props.string(MqttProperties.RESPONSE_TOPIC, value);
                    case CORRELATION_DATA ->
                        props.binary(
                                MqttProperties.CORRELATION_DATA,
                                Base64.getDecoder().decode(value));
                    default -> {
                        if (name.startsWith(USER_PREFIX)) {
                            props.user(name.substring(USER_PREFIX.length()), value);
                        }
                    }
                }
            } catch (IllegalArgumentException malformed) {
                // Written by this class on some node; a value it cannot read is left out rather than failing delivery.
            }
        }
        if (qos < 0) {
            // Not an MQTT publication (a STOMP one with a content type, say): the other protocols' defaults.
            qos = 2;
            retain = false;
            expiresAt = 0;
            if (!publication.binary() && !props.has(MqttProperties.PAYLOAD_FORMAT_INDICATOR)) {
                props.integer(MqttProperties.PAYLOAD_FORMAT_INDICATOR, 1);
            }
        }
        return new MqttMessage(
                publication.channel(),
                payload,
                !publication.binary(),
                qos,
                retain,
                props.build(),
                expiresAt,
                publisher);
    }

    /** The properties of a text publication of another protocol: its payload is UTF-8. */
    private static final MqttProperties TEXT = MqttProperties.builder()
            .integer(MqttProperties.PAYLOAD_FORMAT_INDICATOR, 1)
            .build();
}
