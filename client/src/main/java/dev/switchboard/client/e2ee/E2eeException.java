package dev.switchboard.client.e2ee;

/** A message that cannot be accepted: it was altered, replayed, is for a key this side does not have, or malformed. */
public final class E2eeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a message was refused. */
    public enum Reason {
        /** The authentication tag does not match: the ciphertext or a header field was changed, or the key is wrong. */
        TAMPERED,
        /** Its counter was seen before (or is older than what was seen) for this sender and key. */
        REPLAYED,
        /** It names a key this side does not hold (an identity key rotated long ago, a sender key never received). */
        UNKNOWN_KEY,
        /** A field is missing, of the wrong type, or out of bounds. */
        MALFORMED
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason  why the message was refused
     * @param message a description
     */
    public E2eeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the message was refused. */
    public Reason reason() {
        return reason;
    }
}
