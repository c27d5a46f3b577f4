package dev.switchboard.protocol.stomp;

import dev.switchboard.api.CloseCodes;

/**
 * A client broke the protocol or a limit: the server answers with an ERROR frame carrying {@link #getMessage()} and
 * closes the connection with {@link #closeCode()}.
 */
final class StompProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int closeCode;

    StompProtocolException(String message) {
        this(message, CloseCodes.PROTOCOL_ERROR);
    }

    StompProtocolException(String message, int closeCode) {
        super(message, null, false, false);
        this.closeCode = closeCode;
    }

    /** The WebSocket close code that follows the ERROR frame. */
    int closeCode() {
        return closeCode;
    }
}
