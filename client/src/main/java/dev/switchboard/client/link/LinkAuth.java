package dev.switchboard.client.link;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a {@link Link} proves who it is. The link applies it on every attempt, so a reconnect never reuses a spent
 * ticket or an expired token. The server's side is described in docs/authentication.md.
 */
public sealed interface LinkAuth {

    /** No credential: the connection is anonymous (or authenticated by a header of {@link LinkOptions#headers()}). */
    static LinkAuth none() {
        return None.INSTANCE;
    }

    /** {@code Authorization: Basic} on the WebSocket upgrade, the SSE stream and its POSTs. */
    static LinkAuth basic(String user, String password) {
        return new Basic(user, password);
    }

    /**
     * {@code Authorization: Bearer <token>}; {@code token} is asked on every attempt (and by
     * {@link Link#freshCredential()}), so it may hand out a renewed token each time. It runs on the link's thread
     * and may block (a call to an identity provider) for at most the connect timeout's worth of patience.
     */
    static LinkAuth bearer(Supplier<String> token) {
        return new Bearer(token);
    }

    /**
     * A login ({@code POST <base>auth/login} with the user and password as JSON) before every attempt, whose
     * single-use ticket goes on the URL as {@code ?ticket=}.
     */
    static LinkAuth ticket(String user, String password) {
        return new Ticket(user, password);
    }

    /**
     * The sgc session form: {@code GET <base>sgc/req/auth/session/USER/PASSWORD} answers a token, and the
     * transport opens {@code <base>sgc/auth/session/TOKEN}. The server accepts it only with
     * {@code switchboard.auth.sgc-urls=true}.
     */
    static LinkAuth sgcSession(String user, String password) {
        return new SgcSession(user, password);
    }

    /**
     * The sgc URL form: the transport opens {@code <base>sgc/auth/url/USER/PASSWORD/<rest of the URL's path>}. The
     * password travels in the URL (and so in the server's access log): only for servers that expect it, with
     * {@code switchboard.auth.sgc-urls=true}.
     */
    static LinkAuth sgcUrl(String user, String password) {
        return new SgcUrl(user, password);
    }

    /** No credential. */
    enum None implements LinkAuth {
        /** The only value. */
        INSTANCE
    }

    /**
     * Basic credentials.
     *
     * @param user the user name
     * @param password the password
     */
    record Basic(String user, String password) implements LinkAuth {
        /** Checks the parts. */
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + "]";
        }
    }

    /**
     * A bearer token from a supplier asked on every attempt.
     *
     * @param token the source of tokens
     */
    record Bearer(Supplier<String> token) implements LinkAuth {
        /** Checks the supplier. */
        public Bearer {
            Objects.requireNonNull(token, "token");
        }
    }

    /**
     * Ticket login.
     *
     * @param user the user name
     * @param password the password
     */
    record Ticket(String user, String password) implements LinkAuth {
        /** Checks the parts. */
        public Ticket {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Ticket[user=" + user + "]";
        }
    }

    /**
     * The sgc session URL form.
     *
     * @param user the user name
     * @param password the password
     */
    record SgcSession(String user, String password) implements LinkAuth {
        /** Checks the parts. */
        public SgcSession {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "SgcSession[user=" + user + "]";
        }
    }

    /**
     * The sgc user/password URL form.
     *
     * @param user the user name
     * @param password the password
     */
    record SgcUrl(String user, String password) implements LinkAuth {
        /** Checks the parts. */
        public SgcUrl {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "SgcUrl[user=" + user + "]";
        }
    }
}
