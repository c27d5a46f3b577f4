package dev.switchboard.auth.internal;

import dev.switchboard.api.Identity;
import dev.switchboard.cluster.AnnouncementBodies;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What a node tells the others when a user logs out on it, as a {@code Broker.Announcement} of subject
 * {@value #SUBJECT}. The body is a JSON object: {@code {"user":"alice","loginExpiresAt":"2026-01-01T08:00:00Z"}},
 * the login session's user and its expiry (ISO-8601, to the nanosecond: it tells this login from the user's others).
 * Both members are required, the user non-empty and at most {@value #MAX_USER} characters; other members are
 * ignored, so a later version may add some; anything else is not a logout.
 *
 * @param user           the user who logged out
 * @param loginExpiresAt the expiry of the login that ended
 */
public record LogoutAnnouncement(String user, Instant loginExpiresAt) {

    /** The announcement's subject. */
    public static final String SUBJECT = "auth.logout";

    /** Longest user name carried. */
    static final int MAX_USER = 1024;

    /** Longest body parsed; a logout is far shorter. */
    private static final int MAX_BODY = 4096;

    /**
     * The announcement of a login's end.
     *
     * @param login the login session's identity
     * @return the announcement, or empty for an identity that is not a login (no expiry)
     */
    public static Optional<LogoutAnnouncement> of(Identity login) {
        if (login.name().isEmpty() || login.name().length() > MAX_USER) {
            return Optional.empty();
        }
        return login.expiresAt().map(end -> new LogoutAnnouncement(login.name(), end));
    }

    /**
     * The body to announce.
     *
     * @return the JSON text
     */
    public String body() {
        return Json.createObjectBuilder()
                .add("user", user)
                .add("loginExpiresAt", loginExpiresAt.toString())
                .build()
                .toString();
    }

    /**
     * The login that ended, as the identity {@link Logins#ofLogin} compares with: its user, no roles, method
     * {@code session} and its expiry.
     *
     * @return the login
     */
    public Identity login() {
        return new Identity(user, Set.of(), Logins.SESSION_METHOD, Optional.of(loginExpiresAt));
    }

    /**
     * Reads a body another node announced.
     *
     * @param body the announcement's body
     * @return the logout; empty when the body is not one
     */
    public static Optional<LogoutAnnouncement> parse(String body) {
        Optional<JsonObject> parsed = AnnouncementBodies.object(body, MAX_BODY);
        if (parsed.isEmpty()
                || !(parsed.get().get("user") instanceof JsonString user)
                || !(parsed.get().get("loginExpiresAt") instanceof JsonString expiry)) {
            return Optional.empty();
        }
        try {
            String name = user.getString();
            if (name.isEmpty() || name.length() > MAX_USER) {
                return Optional.empty();
            }
            return Optional.of(new LogoutAnnouncement(name, Instant.parse(expiry.getString())));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
