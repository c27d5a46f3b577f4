package dev.switchboard.client;

/**
 * The connection a request depended on was lost (the request may or may not have been processed), or the client
 * closed for good: the link gave up reconnecting or was refused for good.
 */
public class ConnectionLostException extends SwitchboardException {

    private static final long serialVersionUID = 1L;

    private final int closeCode;
    private final boolean forGood;

    /**
     * @param message what was lost, one line
     * @param closeCode the WebSocket close code of the loss (1006 without one)
     * @param forGood whether the client is closed for good
     */
    public ConnectionLostException(String message, int closeCode, boolean forGood) {
        super(message);
        this.closeCode = closeCode;
        this.forGood = forGood;
    }

    /** The close code of the loss. */
    public int closeCode() {
        return closeCode;
    }

    /** Whether the client is closed for good (no reconnect follows). */
    public boolean forGood() {
        return forGood;
    }
}
