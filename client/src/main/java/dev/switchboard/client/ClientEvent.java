package dev.switchboard.client;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Something that happened on a {@link SwitchboardClient}: what {@link SwitchboardClient#events()} publishes and
 * what a {@link SwitchboardListener} is told. Each kind is a record named after the sgc result it stands for.
 */
public sealed interface ClientEvent {

    /** The prefix of a message text that carries bytes as Base64 ({@code sgc@b64:}). */
    String B64_PREFIX = "sgc@b64:";

    /**
     * A connection opened and the server named it (its {@code sgc@session} message, or the SSE stream's id).
     *
     * @param session the server's connection id
     * @param transport {@code websocket} or {@code sse}
     * @param url the server the client is connected to
     * @param reconnected whether an earlier connection of this client came before
     */
    record Opened(String session, String transport, String url, boolean reconnected) implements ClientEvent {}

    /**
     * A publication on a subscribed channel ({@code sgc@event}).
     *
     * @param channel the channel it was published to (for a mask subscription, the concrete channel)
     * @param message the message text
     * @param offset its position in the channel when the server keeps history, else -1
     * @param epoch the channel's epoch when the server keeps history, else {@code ""}
     */
    record Publication(String channel, String message, long offset, String epoch) implements ClientEvent {

        /** Whether the message carries bytes ({@code sgc@b64:} followed by valid Base64). */
        public boolean binary() {
            return bytesOf(message).isPresent();
        }

        /**
         * The bytes the message carries when a client published bytes ({@link SwitchboardClient#publish(String,
         * byte[])}); empty for a text message.
         */
        public Optional<byte[]> data() {
            return bytesOf(message);
        }

        /** Whether the server told the publication's position in the channel. */
        public boolean hasPosition() {
            return offset >= 0 && !epoch.isEmpty();
        }
    }

    /**
     * A message sent to this client by a broadcast or by the server application ({@code sgc@message}).
     *
     * @param channel the channel it was broadcast to, {@code ""} for none
     * @param message the text (a raw, non-JSON frame of the server appears here too, with channel {@code ""})
     */
    record Message(String channel, String message) implements ClientEvent {

        /** The bytes the message carries when it is {@code sgc@b64:} text, else empty. */
        public Optional<byte[]> data() {
            return bytesOf(message);
        }
    }

    /**
     * Publications of a channel were lost while the client was away and cannot be replayed ({@code sgc@gap}).
     *
     * @param channel the channel
     * @param reason {@code evicted} (offsets {@code from}..{@code to} are gone), {@code epoch} (the channel's history
     *     was lost or restarted) or {@code unavailable} (the server keeps no history)
     * @param epoch the channel's epoch now, {@code ""} when unavailable
     * @param from the first lost offset, -1 when unknown
     * @param to the last lost offset, -1 when unknown
     * @param previousEpoch the epoch the client had, {@code ""} when unknown
     */
    record Gap(String channel, String reason, String epoch, long from, long to, String previousEpoch)
            implements ClientEvent {}

    /**
     * The server confirmed a subscription ({@code sgc@subscribe} or {@code sgc@resume} reply).
     *
     * @param channel the channel or mask
     * @param epoch the channel's epoch after a resume, {@code ""} otherwise
     * @param offset the position reached after a resume, -1 otherwise
     */
    record Subscribed(String channel, String epoch, long offset) implements ClientEvent {}

    /**
     * The server confirmed the end of a subscription.
     *
     * @param channel the channel or mask
     */
    record Unsubscribed(String channel) implements ClientEvent {}

    /**
     * A connection ended, or could not be opened.
     *
     * @param code the WebSocket close code (1006 when lost without one)
     * @param reason the close reason, never {@code null}
     * @param reconnecting whether the client tries again; {@code false} means it is closed for good
     */
    record Closed(int code, String reason, boolean reconnecting) implements ClientEvent {}

    /**
     * The server drains ({@code sgc@drain}): it takes no new connections and closes this one soon. The client
     * moves to the next server of its list at once, or reconnects after {@code retryAfterSeconds} with one server.
     *
     * @param retryAfterSeconds the delay the server suggests before coming back to it
     * @param url the server that drains
     */
    record Draining(long retryAfterSeconds, String url) implements ClientEvent {}

    /**
     * The connection's credential expires soon ({@code sgc@expiring}); refresh it or be closed at the expiry.
     *
     * @param expiresAt when it expires
     * @param seconds how many seconds were left when the server warned
     */
    record Expiring(Instant expiresAt, long seconds) implements ClientEvent {}

    /**
     * The server accepted a new credential for the connection ({@code sgc@refresh} reply).
     *
     * @param user the user the credential names
     * @param expiresAt when the new credential expires, {@code null} when it does not
     */
    record Refreshed(String user, Instant expiresAt) implements ClientEvent {}

    /**
     * Something failed without closing the client: an error answer of the server that no call awaits, a refused
     * subscription, a dropped frame, a buffer overflow.
     *
     * @param error what happened; a {@link JsonRpcException} for an error answer of the server
     */
    record Failure(SwitchboardException error) implements ClientEvent {}

    private static Optional<byte[]> bytesOf(String message) {
        if (message == null || !message.startsWith(B64_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(message.substring(B64_PREFIX.length())));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
