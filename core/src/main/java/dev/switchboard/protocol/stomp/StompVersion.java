package dev.switchboard.protocol.stomp;

import java.util.Optional;

/** The STOMP protocol versions served, oldest first. */
enum StompVersion {
    /** STOMP 1.0: no header escaping, no NACK, no heart-beats. */
    V1_0("1.0", "v10.stomp"),
    /** STOMP 1.1: header escaping without {@code \r}, NACK, heart-beats. */
    V1_1("1.1", "v11.stomp"),
    /** STOMP 1.2: {@code \r} escaped too, {@code ack} header on MESSAGE and ACK by {@code id}. */
    V1_2("1.2", "v12.stomp");

    private final String label;
    private final String subprotocol;

    StompVersion(String label, String subprotocol) {
        this.label = label;
        this.subprotocol = subprotocol;
    }

    /** The version as the {@code version} and {@code accept-version} headers spell it. */
    String label() {
        return label;
    }

    /** The WebSocket subprotocol token of the version. */
    String subprotocol() {
        return subprotocol;
    }

    /** The version a label names. */
    static Optional<StompVersion> ofLabel(String label) {
        for (StompVersion version : values()) {
            if (version.label.equals(label)) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    /** The version a subprotocol token names. */
    static Optional<StompVersion> ofSubprotocol(String token) {
        for (StompVersion version : values()) {
            if (version.subprotocol.equals(token)) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }
}
