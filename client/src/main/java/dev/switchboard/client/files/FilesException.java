package dev.switchboard.client.files;

/** A transfer failed: the server refused it ({@code sgc@file_sent_error}, with its text), or the file could not be read. */
public final class FilesException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates one.
     *
     * @param message what went wrong; the server's text when the server refused
     */
    public FilesException(String message) {
        super(message);
    }
}
