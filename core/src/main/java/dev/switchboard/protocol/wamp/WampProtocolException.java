package dev.switchboard.protocol.wamp;

import java.io.Serial;

/** A message that breaks the WAMP protocol: the router answers with ABORT and closes the connection. */
final class WampProtocolException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String reason;

    WampProtocolException(String message) {
        this(WampRouter.PROTOCOL_VIOLATION, message);
    }

    WampProtocolException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The ABORT reason URI. */
    String reason() {
        return reason;
    }
}
