package dev.switchboard.protocol.mqtt;

/**
 * An inbound packet the server cannot accept, with the MQTT 5 reason code the server's DISCONNECT carries before it
 * closes the connection (an MQTT 3.1.1 connection is closed without one, as 3.1.1 has no server DISCONNECT).
 */
final class MalformedPacketException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int reasonCode;

    MalformedPacketException(int reasonCode, String message) {
        super(message, null, false, false);
        this.reasonCode = reasonCode;
    }

    /** A malformed packet (0x81). */
    static MalformedPacketException malformed(String message) {
        return new MalformedPacketException(ReasonCodes.MALFORMED_PACKET, message);
    }

    /** A well-formed packet that breaks a protocol rule (0x82). */
    static MalformedPacketException protocolError(String message) {
        return new MalformedPacketException(ReasonCodes.PROTOCOL_ERROR, message);
    }

    int reasonCode() {
        return reasonCode;
    }
}
