package dev.switchboard.api;

/**
 * A raw request path that two honest parsers could read differently (an encoded {@code /}, a dot segment that
 * climbs above the root, bytes that are not UTF-8, ...), so no decision may be taken on it. {@link RequestPath}
 * throws it; Switchboard answers such requests with 400 before any filter decides.
 */
public final class AmbiguousPathException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason what makes the path ambiguous, safe to show the client (it never repeats the path)
     */
    public AmbiguousPathException(String reason) {
        super(reason);
    }
}
