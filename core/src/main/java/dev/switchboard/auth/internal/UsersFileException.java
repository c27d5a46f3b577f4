package dev.switchboard.auth.internal;

import java.util.List;

/** A malformed users file: the message lists every malformed line, each with its file name and line number. */
public final class UsersFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** One message per malformed line. */
    private final transient List<String> problems;

    /**
     * Creates the exception.
     *
     * @param problems one message per malformed line, {@code file:line: reason}
     */
    public UsersFileException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * The problems, one per malformed line.
     *
     * @return the messages
     */
    public List<String> problems() {
        return problems;
    }
}
