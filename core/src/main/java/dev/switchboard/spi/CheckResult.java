package dev.switchboard.spi;

import dev.switchboard.api.Identity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The outcome of an {@link UpgradeCheck}: permit, reject with a response, or not applicable. */
public sealed interface CheckResult {

    /** The most response headers (values counted one by one) a {@link Permit} may add to the 101 response. */
    int MAX_RESPONSE_HEADERS = 32;

    /** The most bytes (names plus values) of the response headers a {@link Permit} may add. */
    int MAX_RESPONSE_HEADER_BYTES = 8192;

    /** The most attributes a {@link Permit} may attach to the new connection. */
    int MAX_ATTRIBUTES = 64;

    /**
     * Headers a {@link Permit} may not set, compared in lower case: the container computes them, and the
     * subprotocol is chosen with {@link Permit#withSubprotocol} so that it is checked against the offer.
     */
    Set<String> RESERVED_RESPONSE_HEADERS = Set.of(
            "sec-websocket-accept",
            "sec-websocket-protocol",
            "sec-websocket-extensions",
            "sec-websocket-version",
            "upgrade",
            "connection",
            "content-length",
            "transfer-encoding");

    /**
     * Accepts the handshake without asking the checks after this one, and shapes the connection it opens.
     *
     * <p>The plain {@link CheckResult#permit()} changes nothing. The {@code with...} methods return a copy that also:
     * <ul>
     *   <li>picks the subprotocol ({@link #withSubprotocol}): it must be one the client offered and that a
     *       deployed {@link SubprotocolHandler} serves; the handshake then opens with that token and handler instead
     *       of the one Switchboard negotiated (the client's first supported token). A pick that is not offered or not
     *       deployed is a bug of the check, not of the client: the handshake is refused with HTTP 500 and the
     *       pick is logged as an error;</li>
     *   <li>adds headers to the 101 response ({@link #withHeader}): at most {@link #MAX_RESPONSE_HEADERS} values and
     *       {@link #MAX_RESPONSE_HEADER_BYTES} bytes, names that are HTTP tokens, values without control characters,
     *       none of {@link #RESERVED_RESPONSE_HEADERS}; breaking a rule throws {@link IllegalArgumentException}
     *       from the {@code with...} call, which refuses the handshake with 500 like any exception of a check;</li>
     *   <li>gives the connection an identity ({@link #withIdentity}) when the handshake request has none: an
     *       identity Switchboard's authentication (or the container) established takes precedence, and the check's
     *       is then ignored with a warning in the log. The connection's {@code principal()} and {@code identity()}
     *       return it, and permission rules judge it like an authenticated one;</li>
     *   <li>attaches attributes ({@link #withAttribute}, at most {@link #MAX_ATTRIBUTES}): they are in the
     *       connection's {@code attributes()} before its handler's {@code onOpen}.</li>
     * </ul>
     * Only the WebSocket handshake applies them; an SSE request applies the headers, identity and attributes, and
     * refuses a subprotocol pick like any pick that was not offered (SSE offers none). An inner protocol of the sgc
     * broker protocol applies none of them: its connection already exists.
     *
     * @param subprotocol the token the check picked, or empty to keep the negotiated one
     * @param headers     headers to add to the 101 response, in order
     * @param identity    the identity to give an anonymous connection, or empty
     * @param attributes  attributes of the new connection
     */
    record Permit(
            Optional<String> subprotocol,
            Map<String, List<String>> headers,
            Optional<Identity> identity,
            Map<String, Object> attributes)
            implements CheckResult {

        /** Validates and copies. */
        public Permit {
            Objects.requireNonNull(subprotocol, "subprotocol");
            Objects.requireNonNull(identity, "identity");
            Map<String, List<String>> copy = new LinkedHashMap<>();
            int count = 0;
            long bytes = 0;
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                String name = header.getKey();
                checkHeaderName(name);
                for (String value : header.getValue()) {
                    checkHeaderValue(name, value);
                    count++;
                    bytes += name.getBytes(StandardCharsets.UTF_8).length
                            + value.getBytes(StandardCharsets.UTF_8).length;
                }
                copy.put(name, List.copyOf(header.getValue()));
            }
            if (count > MAX_RESPONSE_HEADERS || bytes > MAX_RESPONSE_HEADER_BYTES) {
                throw new IllegalArgumentException("Too many response headers: " + count + " values, " + bytes
                        + " bytes (at most " + MAX_RESPONSE_HEADERS + " and " + MAX_RESPONSE_HEADER_BYTES + ")");
            }
            headers = java.util.Collections.unmodifiableMap(copy);
            if (attributes.size() > MAX_ATTRIBUTES) {
                throw new IllegalArgumentException(
                        "Too many attributes: " + attributes.size() + " (at most " + MAX_ATTRIBUTES + ")");
            }
            attributes = Map.copyOf(attributes);
        }

        /** A permit that changes nothing about the connection. */
        public Permit() {
            this(Optional.empty(), Map.of(), Optional.empty(), Map.of());
        }

        /**
         * This permit, opening the connection with another subprotocol.
         *
         * @param token one of the tokens the client offered ({@link UpgradeRequest#offered()}) that a deployed
         *              handler serves
         * @return the new permit
         */
        public Permit withSubprotocol(String token) {
            Objects.requireNonNull(token, "token");
            return new Permit(Optional.of(token), headers, identity, attributes);
        }

        /**
         * This permit, adding a header value to the 101 response (after any value added before for that name).
         *
         * @param name  the header name, an HTTP token, not reserved
         * @param value the value, printable
         * @return the new permit
         * @throws IllegalArgumentException when the header breaks a rule or the bounds
         */
        public Permit withHeader(String name, String value) {
            Map<String, List<String>> more = new LinkedHashMap<>(headers);
            List<String> values = new ArrayList<>(more.getOrDefault(name, List.of()));
            values.add(value);
            more.put(name, values);
            return new Permit(subprotocol, more, identity, attributes);
        }

        /**
         * This permit, giving an anonymous connection an identity.
         *
         * @param given the identity
         * @return the new permit
         */
        public Permit withIdentity(Identity given) {
            Objects.requireNonNull(given, "identity");
            return new Permit(subprotocol, headers, Optional.of(given), attributes);
        }

        /**
         * This permit, attaching an attribute to the new connection.
         *
         * @param key   the key
         * @param value the value, not null
         * @return the new permit
         * @throws IllegalArgumentException beyond {@link #MAX_ATTRIBUTES}
         */
        public Permit withAttribute(String key, Object value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Map<String, Object> more = new LinkedHashMap<>(attributes);
            more.put(key, value);
            return new Permit(subprotocol, headers, identity, more);
        }

        private static void checkHeaderName(String name) {
            Objects.requireNonNull(name, "header name");
            if (name.isEmpty() || name.length() > 256) {
                throw new IllegalArgumentException("A header name must have 1 to 256 characters");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                // RFC 9110 section 5.6.2 token characters.
                boolean token = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
                if (!token) {
                    throw new IllegalArgumentException("Not an HTTP header name: " + name);
                }
            }
            if (RESERVED_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("An upgrade check may not set the header " + name);
            }
        }

        private static void checkHeaderValue(String name, String value) {
            Objects.requireNonNull(value, "value of header " + name);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new IllegalArgumentException("A control character in the value of header " + name);
                }
            }
        }
    }

    /**
     * Refuses the handshake with an HTTP response.
     *
     * @param status  the HTTP status, 400 to 599
     * @param headers extra response headers (the container may still add or replace its own, such as
     *                {@code Content-Length})
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
     * Accepts the handshake; the {@code with...} methods of the result shape the connection it opens.
     *
     * @return the result
     */
    static Permit permit() {
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
