package dev.switchboard.protocol.sgc;

import static dev.switchboard.json.JsonStrings.quote;
import static dev.switchboard.protocol.sgc.SgcWire.DRAIN;
import static dev.switchboard.protocol.sgc.SgcWire.EVENT;
import static dev.switchboard.protocol.sgc.SgcWire.EXPIRING;
import static dev.switchboard.protocol.sgc.SgcWire.GAP;
import static dev.switchboard.protocol.sgc.SgcWire.MESSAGE;
import static dev.switchboard.protocol.sgc.SgcWire.QOS_SESSION;
import static dev.switchboard.protocol.sgc.SgcWire.REFRESH;
import static dev.switchboard.protocol.sgc.SgcWire.RESUME;
import static dev.switchboard.protocol.sgc.SgcWire.SUBSCRIBE;
import static dev.switchboard.protocol.sgc.SgcWire.UNSUBSCRIBE;

import dev.switchboard.api.Publication;
import dev.switchboard.protocol.sgc.SgcMessage.WireId;

/**
 * Writes the frames the server sends: the session, replies, channel events and pushes, RPC results, errors and
 * the QoS frames. JSON-RPC 2.0 envelopes whose server pushes carry the method inside {@code result}; writing is
 * exact and always produces the same text for the same input, field order included, so it can be tested byte
 * for byte.
 */
final class SgcEncoder {

    private SgcEncoder() {}

    /** The session message: sent on connect and on {@code sgc@session}; its id is the connection GUID. */
    static String session(String guid, QosLevel qos) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@session\",\"message\":" + quote(guid) + "},\"qos\":\""
                + qos.wireName() + "\",\"id\":" + quote(guid) + "}";
    }

    /** An acknowledgment of the inbound message with this id. */
    static String acknowledgment(WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@acknowledgment\"},\"id\":" + id.json() + "}";
    }

    /** The QoS 2 receipt: the message is stored and waits for {@code sgc@pubrel}. */
    static String pubrec(WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@pubrec\"},\"id\":" + id.json() + "}";
    }

    /** The QoS 2 release the server sends when a client answered a tracked server message with a pubrec. */
    static String pubrel(WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@pubrel\",\"params\":{\"qos\":\"qosLevel2\"},"
                + "\"qos\":\"qosLevel2\",\"id\":" + id.json() + "}";
    }

    /** The reply to a subscription of one channel. */
    static String subscribed(String channel, WireId id) {
        return channelReply(SUBSCRIBE, channel, id);
    }

    /** The reply to an unsubscription of one channel. */
    static String unsubscribed(String channel, WireId id) {
        return channelReply(UNSUBSCRIBE, channel, id);
    }

    private static String channelReply(String method, String channel, WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + method + "\",\"channel\":" + quote(channel) + "}"
                + (id == null ? "" : ",\"id\":" + id.json()) + "}";
    }

    /** A channel publication as every sgc subscriber receives it. */
    /**
     * A publication as sgc subscribers read it: with its history position when it has one, and a binary payload as
     * {@code sgc@b64:} text, the form sgc clients decode into bytes.
     */
    static String event(Publication publication) {
        String message = publication.binary() ? SgcWire.B64_PREFIX + publication.message() : publication.message();
        return publication.hasPosition()
                ? event(publication.channel(), message, publication.epoch(), publication.offset())
                : event(publication.channel(), message);
    }

    static String event(String channel, String message) {
        return push(EVENT, channel, message);
    }

    /**
     * A channel publication with its history position: the event sgc clients read, plus {@code offset} and
     * {@code epoch} inside {@code result}, which they ignore and a resuming client keeps.
     */
    static String event(String channel, String message, String epoch, long offset) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + EVENT + "\",\"channel\":" + quote(channel)
                + ",\"message\":" + quote(message) + ",\"offset\":" + offset + ",\"epoch\":" + quote(epoch) + "}}";
    }

    /**
     * The reply to {@code sgc@resume}, sent after the replay: the channel's position the client is at from now on
     * ({@code ""} and 0 when the channel has no history).
     */
    static String resumed(String channel, String epoch, long offset, WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + RESUME + "\",\"channel\":" + quote(channel)
                + ",\"offset\":" + offset + ",\"epoch\":" + quote(epoch) + "}"
                + (id == null ? "" : ",\"id\":" + id.json()) + "}";
    }

    /**
     * The explicit gap notification of a resume: {@code reason} is {@code evicted} (offsets {@code from}..{@code to}
     * are lost), {@code epoch} (the history was lost since {@code previousEpoch}) or {@code unavailable}.
     */
    static String gap(String channel, String reason, String epoch, long from, long to, String previousEpoch) {
        StringBuilder out = new StringBuilder("{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + GAP + "\",\"channel\":"
                + quote(channel) + ",\"reason\":" + quote(reason) + ",\"epoch\":" + quote(epoch));
        if (from > 0) {
            out.append(",\"from\":").append(from).append(",\"to\":").append(to);
        }
        if (!previousEpoch.isEmpty()) {
            out.append(",\"previousEpoch\":").append(quote(previousEpoch));
        }
        return out.append("}}").toString();
    }

    /** The reply to {@code sgc@refresh}: the user and the new expiry (absent when the credential does not expire). */
    static String refreshed(String user, java.util.Optional<java.time.Instant> expiresAt, WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + REFRESH + "\",\"user\":" + quote(user)
                + expiresAt
                        .map(end -> ",\"expiresAt\":" + quote(end.toString()))
                        .orElse("") + "}"
                + (id == null ? "" : ",\"id\":" + id.json()) + "}";
    }

    /**
     * The answer to {@code sgc@qos-session}: whether the state of an earlier connection was taken over, and how many
     * QoS 2 messages waiting for their release and released ids it held. The key is not repeated.
     */
    static String qosSession(boolean adopted, int stored, int released, WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + QOS_SESSION + "\",\"adopted\":" + adopted
                + ",\"stored\":" + stored + ",\"released\":" + released + "}"
                + (id == null ? "" : ",\"id\":" + id.json()) + "}";
    }

    /** The warning that the connection's credential expires at {@code expiresAt} unless refreshed. */
    static String expiring(java.time.Instant expiresAt, long seconds) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + EXPIRING + "\",\"expiresAt\":"
                + quote(expiresAt.toString()) + ",\"seconds\":" + seconds + "}}";
    }

    /**
     * The drain notice, a JSON-RPC notification (no id, nothing to answer): the node takes no new connections and
     * closes this one at its deadline; the client should reconnect, to another node when it knows one, or to this
     * one after {@code retryAfterSeconds}.
     */
    static String drain(long retryAfterSeconds) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + DRAIN + "\",\"params\":{\"retryAfter\":" + retryAfterSeconds
                + "}}";
    }

    /** A broadcast or a server-sent message ({@code sgc@message}, result form). */
    static String message(String channel, String message) {
        return push(MESSAGE, channel, message);
    }

    private static String push(String method, String channel, String message) {
        return "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"" + method + "\",\"channel\":" + quote(channel)
                + ",\"message\":" + quote(message) + "}}";
    }

    /** An RPC result; {@code resultJson} is embedded as is and must be valid JSON. */
    static String result(String resultJson, QosLevel qos, WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"result\":" + resultJson + ",\"qos\":\"" + qos.wireName() + "\",\"id\":"
                + id.json() + "}";
    }

    /** A JSON-RPC error object; the id is {@code null} when the request had none or could not be read. */
    static String error(int code, String message, String data, QosLevel qos, WireId id) {
        return "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":" + code + ",\"message\":" + quote(message)
                + (data == null ? "" : ",\"data\":" + quote(data)) + "},\"qos\":\"" + qos.wireName() + "\",\"id\":"
                + (id == null ? "null" : id.json()) + "}";
    }
}
