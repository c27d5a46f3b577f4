package dev.switchboard.protocol.mqtt;

/**
 * An application message as the server keeps it for delivery: queued in a session, in flight to a client, retained
 * or published by a will. The payload is never changed after construction.
 *
 * @param topic      the topic (channel) name
 * @param payload    the payload bytes
 * @param text       whether the payload travels as a text publication (see the package documentation's rule)
 * @param qos        the QoS it was published with
 * @param retain     the retain flag it was published with
 * @param properties the MQTT 5 properties passed on to MQTT 5 subscribers (no topic alias, no subscription ids)
 * @param expiresAt  epoch milliseconds when it expires (MQTT 5 Message Expiry Interval), 0 for never
 * @param publisher  the id of the publishing connection, or null when the server or another protocol published
 */
record MqttMessage(
        String topic,
        byte[] payload,
        boolean text,
        int qos,
        boolean retain,
        MqttProperties properties,
        long expiresAt,
        String publisher) {

    boolean expiredAt(long nowMillis) {
        return expiresAt != 0 && nowMillis >= expiresAt;
    }

    /**
     * The Message Expiry Interval a subscriber is sent: the seconds left, rounded up.
     */
    long secondsLeft(long nowMillis) {
        return Math.max(1, (expiresAt - nowMillis + 999) / 1000);
    }
}
