package dev.switchboard.protocol.sgc;

import dev.switchboard.json.JsonStrings;
import jakarta.json.JsonValue;

/**
 * One decoded inbound sgc frame, whatever its shape. Immutable.
 *
 * @param kind    request ({@code method}/{@code params}), result push or error
 * @param method  the request's method, or for a result push its {@code result.method}; null when absent
 * @param id      the id, or null when absent, JSON {@code null} or empty
 * @param params  the request's raw {@code params}, or null
 * @param channel {@code params.channel} (or {@code result.channel}); null when absent
 * @param message {@code params.message} (or {@code result.message}) as text: a string as is, after
 *                {@code sgc@b64:} decoding; any other JSON value as its JSON text; null when absent
 * @param qos     {@code params.qos}, else the top-level {@code qos}; {@link QosLevel#LEVEL0} when absent
 * @param queue   {@code params.queue}; {@link QueueLevel#LEVEL0} when absent
 * @param raw     the frame as received
 */
record SgcMessage(
        Kind kind,
        String method,
        WireId id,
        JsonValue params,
        String channel,
        String message,
        QosLevel qos,
        QueueLevel queue,
        String raw) {

    /** The three top-level shapes of the envelope. */
    enum Kind {
        /** {@code {"jsonrpc":"2.0","method":..,"params":..,"id":..}}. */
        REQUEST,
        /** {@code {"jsonrpc":"2.0","result":..,"id":..}}. */
        RESULT,
        /** {@code {"jsonrpc":"2.0","error":{..},"id":..}}. */
        ERROR
    }

    /**
     * A JSON-RPC id: the text used as a key, and the JSON to echo it with (a string stays a string, a number a
     * number).
     *
     * @param key  the id as text
     * @param json the id as JSON
     */
    record WireId(String key, String json) {

        /**
         * An id the server made (the connection GUID of the session message).
         *
         * @param text the id
         * @return a string id
         */
        static WireId of(String text) {
            return new WireId(text, JsonStrings.quote(text));
        }
    }

    /**
     * The channel, or the empty string when absent (the key of channel-less transactions).
     *
     * @return the channel key
     */
    String channelKey() {
        return channel == null ? "" : channel;
    }
}
