package dev.switchboard.api.event;

import java.util.Objects;

/**
 * What a {@link dev.switchboard.spi.FileUploadHandler} decided about an upload: accept, or reject with a reason the
 * client is told after {@code file rejected: }.
 *
 * @param allowed whether the upload may proceed
 * @param message for a rejection, the reason; empty otherwise
 */
public record FileUploadDecision(boolean allowed, String message) {

    private static final FileUploadDecision ALLOW = new FileUploadDecision(true, "");

    /** Validates. */
    public FileUploadDecision {
        Objects.requireNonNull(message, "message");
    }

    /**
     * Lets the upload proceed.
     *
     * @return the decision
     */
    public static FileUploadDecision allow() {
        return ALLOW;
    }

    /**
     * Refuses the upload.
     *
     * @param reason what the client is told
     * @return the decision
     */
    public static FileUploadDecision reject(String reason) {
        return new FileUploadDecision(false, reason);
    }
}
