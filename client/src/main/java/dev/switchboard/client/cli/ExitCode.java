package dev.switchboard.client.cli;

/** The exit codes of the tool; the guide lists them. */
public enum ExitCode {
    /** The command did what it was asked. */
    OK(0),
    /** Something unexpected failed (a bug, an I/O error of the terminal). */
    FAILURE(1),
    /** The arguments are not a valid command. */
    USAGE(2),
    /** No connection could be opened, or it closed for good. */
    CONNECTION(3),
    /** The command did not finish within its timeout. */
    TIMEOUT(4),
    /** The server refused the request (an error answer). */
    REFUSED(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }
}
