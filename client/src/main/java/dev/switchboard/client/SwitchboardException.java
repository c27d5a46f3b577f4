package dev.switchboard.client;

/**
 * A failure of the client: a refusal by one of its bounds, a connection lost while a call or a QoS flow waited, a
 * timeout, or (as {@link JsonRpcException}) an error answer of the server.
 */
public class SwitchboardException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with a message.
     *
     * @param message what failed, one line
     */
    public SwitchboardException(String message) {
        super(message);
    }

    /**
     * A failure with a message and its cause.
     *
     * @param message what failed, one line
     * @param cause the cause
     */
    public SwitchboardException(String message, Throwable cause) {
        super(message, cause);
    }
}
