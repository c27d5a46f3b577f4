package dev.switchboard.auth.internal;

/**
 * A credential that does not prove an identity: a bearer token with a bad signature, expired, for another issuer
 * or audience, and so on. The message is a short reason ("token expired", "bad signature") that holds no secret
 * and no part of the credential, so the authentication filter may put it into a 401 answer and log it.
 */
public final class InvalidCredentialException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason the short, non-secret reason
     */
    public InvalidCredentialException(String reason) {
        // Refusals are an expected outcome, possibly at a high rate from a misbehaving client: no stack trace.
        super(reason, null, false, false);
    }

    /**
     * The reason, the same as the message.
     *
     * @return the short reason
     */
    public String reason() {
        return getMessage();
    }
}
