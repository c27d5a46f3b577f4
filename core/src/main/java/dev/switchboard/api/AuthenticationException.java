package dev.switchboard.api;

/**
 * A credential was refused. The message is short and safe to show the client ("token expired", "bad
 * signature", "ticket unknown or used"); it never contains the credential.
 */
public final class AuthenticationException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason why the credential was refused, safe to show the client
     */
    public AuthenticationException(String reason) {
        super(reason, null, false, false);
    }
}
