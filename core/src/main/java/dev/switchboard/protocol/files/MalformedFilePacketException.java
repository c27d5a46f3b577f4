package dev.switchboard.protocol.files;

/**
 * A binary message that is not a Files packet. When {@link #closeCode()} is non-zero the message could not even be
 * framed (its length prefix or header is unreadable) and the connection is closed with that code; otherwise the
 * header was read but is invalid, and the client gets {@code sgc@file_sent_error} with the message.
 */
final class MalformedFilePacketException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient int closeCode;

    MalformedFilePacketException(int closeCode, String message) {
        super(message, null, false, false);
        this.closeCode = closeCode;
    }

    int closeCode() {
        return closeCode;
    }
}
