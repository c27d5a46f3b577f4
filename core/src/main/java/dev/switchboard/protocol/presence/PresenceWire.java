package dev.switchboard.protocol.presence;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Writes the presence protocol's frames: one JSON object with {@code "jsonrpc":"2.0"}, a top-level {@code method} and
 * the top-level objects {@code member}, {@code channel}, {@code message}, {@code error} and {@code members} (no
 * {@code params}). Every frame starts with {@link #HEAD}, so an acknowledgment id is inserted per recipient without
 * parsing the frame again.
 */
final class PresenceWire {

    static final String SESSION = "sgc@presence@session";
    static final String MEMBER_NEW = "sgc@presence@member@new";
    static final String MEMBER_REMOVE = "sgc@presence@member@remove";
    static final String CHANNEL_MEMBER_NEW = "sgc@presence@channel@member@new";
    static final String CHANNEL_MEMBER_REMOVE = "sgc@presence@channel@member@remove";
    static final String PUBLISH_MSG = "sgc@presence@publish@msg";
    static final String GET_MEMBERS = "sgc@presence@get@members";
    static final String SEND_MEMBERS = "sgc@presence@send@members";
    static final String INVITATION = "sgc@presence@channel@invitation";
    static final String ERROR_MEMBER_CHANNEL = "sgc@presence@error@member@channel";
    static final String ERROR_PUBLISH_MSG = "sgc@presence@error@publish@msg";
    static final String ACKNOWLEDGMENT = "sgc@presence@acknowledgment";

    /** The prefix of a Base64-encoded string value. */
    static final String B64 = "sgc@b64:";

    /** How every frame this class writes begins. */
    static final String HEAD = "{\"jsonrpc\":\"2.0\",";

    /** A member as the wire shows it. */
    record Member(String id, String name, String info) {}

    private final boolean base64;

    PresenceWire(boolean base64) {
        this.base64 = base64;
    }

    /** A string value as sent: Base64 with its prefix when the setting says so. Ids are never encoded. */
    String encode(String value) {
        return base64 ? B64 + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) : value;
    }

    /**
     * A string value a client sent, decoded when it carries the Base64 prefix.
     *
     * @throws IllegalArgumentException when the Base64 is not valid
     */
    static String decode(String value) {
        if (!value.startsWith(B64)) {
            return value;
        }
        return new String(Base64.getDecoder().decode(value.substring(B64.length())), StandardCharsets.UTF_8);
    }

    private static JsonObjectBuilder start(String method) {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("method", method);
    }

    JsonObject member(Member member) {
        return Json.createObjectBuilder()
                .add("id", member.id())
                .add("name", encode(member.name()))
                .add("info", encode(member.info()))
                .build();
    }

    private JsonObject channel(String name) {
        return Json.createObjectBuilder().add("name", encode(name)).build();
    }

    private JsonArrayBuilder list(List<Member> members) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (Member member : members) {
            array.add(member(member));
        }
        return array;
    }

    String session(String connectionId) {
        return start(SESSION)
                .add("message", Json.createObjectBuilder().add("text", connectionId))
                .build()
                .toString();
    }

    String member(String method, Member member) {
        return start(method).add("member", member(member)).build().toString();
    }

    String channelMember(String method, Member member, String channel) {
        return start(method)
                .add("member", member(member))
                .add("channel", channel(channel))
                .build()
                .toString();
    }

    String published(Member member, String channel, String text) {
        return start(PUBLISH_MSG)
                .add("message", Json.createObjectBuilder().add("text", encode(text)))
                .add("channel", channel(channel))
                .add("member", member(member))
                .build()
                .toString();
    }

    String members(Member requester, String channel, List<Member> members) {
        return start(SEND_MEMBERS)
                .add("channel", channel(channel))
                .add("member", member(requester))
                .add("members", list(members))
                .build()
                .toString();
    }

    String invitation(Member inviter, String channel) {
        return start(INVITATION)
                .add("channel", channel(channel))
                .add("member", member(inviter))
                .add("members", Json.createArrayBuilder())
                .build()
                .toString();
    }

    String error(String method, PresenceError error, String detail, String channel, Member member) {
        String text = detail == null ? error.text() : error.text() + " " + detail;
        return start(method)
                .add(
                        "error",
                        Json.createObjectBuilder().add("code", error.code()).add("text", encode(text)))
                .add("channel", channel(channel == null ? "" : channel))
                .add("member", member(member))
                .build()
                .toString();
    }

    static String acknowledgment(String id) {
        return start(ACKNOWLEDGMENT).add("id", id).build().toString();
    }

    /**
     * A frame with an acknowledgment id: the id goes first after {@code jsonrpc}, so the frame is not parsed again.
     */
    static String withId(String frame, String id) {
        if (!frame.startsWith(HEAD)) {
            throw new IllegalArgumentException("not a presence frame");
        }
        return HEAD + "\"id\":" + jsonString(id) + "," + frame.substring(HEAD.length());
    }

    private static String jsonString(String value) {
        return ((JsonString) Json.createValue(value)).toString();
    }

    /** The text of a value a client sent as a string field, a non-string value as its JSON text. */
    static String text(JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        return value instanceof JsonString string ? string.getString() : value.toString();
    }
}
