package dev.switchboard.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The outcome of an {@link UpgradeCheck}: permit, reject with a response, or not applicable. */
public sealed interface CheckResult {

    /** Accepts the handshake without asking the checks after this one. */
    record Permit() implements CheckResult {}

    /**
     * Refuses the handshake with an HTTP response.
     *
     * @param status  the HTTP status, 400 to 599
     * @param headers extra response headers
     * @param body    a short plain-text body
     */
    record Reject(int status, Map<String, List<String>> headers, String body) implements CheckResult {
        /** Validates and copies. */
        public Reject {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("A rejection needs a 4xx or 5xx status: " + status);
            }
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }
    }

    /** Leaves the decision to the checks after this one. */
    record NotApplicable() implements CheckResult {}

    /**
     * Accepts the handshake.
     *
     * @return the result
     */
    static CheckResult permit() {
        return new Permit();
    }

    /**
     * Refuses the handshake.
     *
     * @param status the HTTP status
     * @param body   a short plain-text body
     * @return the result
     */
    static CheckResult reject(int status, String body) {
        return new Reject(status, Map.of(), body);
    }

    /**
     * Refuses the handshake with extra headers, for example {@code WWW-Authenticate}.
     *
     * @param status  the HTTP status
     * @param headers the extra headers
     * @param body    a short plain-text body
     * @return the result
     */
    static CheckResult reject(int status, Map<String, List<String>> headers, String body) {
        return new Reject(status, headers, body);
    }

    /**
     * Passes to the next check.
     *
     * @return the result
     */
    static CheckResult notApplicable() {
        return new NotApplicable();
    }
}
