package dev.switchboard.firewall.internal;

import dev.switchboard.cluster.AnnouncementBodies;
import dev.switchboard.firewall.Ban;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * The bodies of the announcements by which the nodes of a cluster share bans (see {@code Broker.announce}).
 *
 * <ul>
 *   <li>{@value #BAN}:
 *       {@code {"address":"192.0.2.1","bannedAt":"2026-01-01T00:00:00.123456Z","until":"2026-01-01T00:10:00.123456Z",
 *       "reason":"..."}}: the client key as the ban list shows it (an IPv4 address, or an IPv6 network such as
 *       {@code 2001:db8:0:0:0:0:0:0/64}), when the ban began and when it ends as ISO-8601 instants, exact to the
 *       nanosecond so every node ends it at the same instant ({@code until} {@code null} for a permanent ban), and
 *       why (at most {@value #MAX_REASON} characters; a longer reason is cut when announced);</li>
 *   <li>{@value #UNBAN}: {@code {"address":"192.0.2.1"}}.</li>
 * </ul>
 *
 * Parsing is strict: a body over {@value #MAX_BODY} characters, not a JSON object, lacking a member, or with a member
 * of the wrong type or form (an instant that is not ISO-8601, say) is not a ban; members not named here are ignored, so
 * a later version may add some. Whether the address is a key of the receiving firewall is the ban list's to judge.
 */
public final class BanAnnouncements {

    /** Subject of a ban. */
    public static final String BAN = "firewall.ban";
    /** Subject of the lifting of a ban. */
    public static final String UNBAN = "firewall.unban";

    /** Longest reason carried, as the JDBC ban store keeps it. */
    static final int MAX_REASON = 200;
    /** Longest address key carried: an IPv6 network written in full with its prefix is far shorter. */
    private static final int MAX_ADDRESS = 64;
    /** Longest instant text: {@code +1000000000-12-31T23:59:59.999999999Z} has 37 characters. */
    private static final int MAX_INSTANT = 40;
    /** Longest body parsed. */
    private static final int MAX_BODY = 1024;

    private BanAnnouncements() {}

    /**
     * The body announcing a ban.
     *
     * @param ban the ban
     * @return the JSON text
     */
    public static String banBody(Ban ban) {
        String reason = ban.reason().length() > MAX_REASON ? ban.reason().substring(0, MAX_REASON) : ban.reason();
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("address", ban.address())
                .add("bannedAt", ban.bannedAt().toString());
        ban.until().ifPresentOrElse(until -> body.add("until", until.toString()), () -> body.addNull("until"));
        return body.add("reason", reason).build().toString();
    }

    /**
     * The body announcing that a ban was lifted.
     *
     * @param key the client key
     * @return the JSON text
     */
    public static String unbanBody(String key) {
        return Json.createObjectBuilder().add("address", key).build().toString();
    }

    /**
     * Reads a ban another node announced.
     *
     * @param body the body
     * @return the ban; empty when the body is not one
     */
    public static Optional<Ban> parseBan(String body) {
        Optional<JsonObject> object = object(body);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        JsonObject ban = object.get();
        Optional<String> address = address(ban);
        Optional<Instant> bannedAt = instant(ban.get("bannedAt"));
        JsonValue until = ban.get("until");
        Optional<Instant> end = instant(until);
        if (address.isEmpty()
                || bannedAt.isEmpty()
                || (until != JsonValue.NULL && end.isEmpty())
                || !(ban.get("reason") instanceof JsonString reason)
                || reason.getString().length() > MAX_REASON) {
            return Optional.empty();
        }
        return Optional.of(new Ban(address.get(), bannedAt.get(), end, reason.getString()));
    }

    /**
     * Reads the lifting of a ban another node announced.
     *
     * @param body the body
     * @return the address; empty when the body is not an unban
     */
    public static Optional<String> parseUnban(String body) {
        return object(body).flatMap(BanAnnouncements::address);
    }

    private static Optional<JsonObject> object(String body) {
        return AnnouncementBodies.object(body, MAX_BODY);
    }

    private static Optional<String> address(JsonObject object) {
        if (object.get("address") instanceof JsonString address
                && !address.getString().isEmpty()
                && address.getString().length() <= MAX_ADDRESS) {
            return Optional.of(address.getString());
        }
        return Optional.empty();
    }

    /** An instant: a JSON string in the ISO-8601 form {@link Instant#toString()} writes. */
    private static Optional<Instant> instant(JsonValue value) {
        if (!(value instanceof JsonString text) || text.getString().length() > MAX_INSTANT) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.getString()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
