package dev.switchboard.broker.internal;

import dev.switchboard.api.Audience;
import dev.switchboard.api.PublicationProperties;
import dev.switchboard.spi.Broker.Announcement;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The cluster topic's messages: one Jakarta Messaging message per request, its kind and arguments in properties,
 * its payload as the body (text in a {@link TextMessage}, binary in a {@link BytesMessage}). Properties, not a
 * serialised object, so any node version and a message-driven bean read them without sharing classes, and an
 * operator can read them in the broker's console.
 */
public final class ClusterWire {

    /** The kind of request. */
    public static final String KIND = "sbKind";
    /** The node that sent it. */
    public static final String ORIGIN = "sbOrigin";

    static final String CHANNEL = "sbChannel";
    static final String EPOCH = "sbEpoch";
    static final String OFFSET = "sbOffset";
    static final String PUBLISHER = "sbPublisher";
    static final String AUDIENCE_CHANNEL = "sbAudienceChannel";
    static final String AUDIENCE_SUBPROTOCOL = "sbAudienceSubprotocol";
    static final String AUDIENCE_INCLUDE = "sbAudienceInclude";
    static final String AUDIENCE_EXCLUDE = "sbAudienceExclude";
    static final String GROUPS = "sbGroups";
    static final String CONNECTION = "sbConnection";
    static final String USER = "sbUser";
    static final String EXPIRY = "sbExpiry";
    static final String CODE = "sbCode";
    static final String REASON = "sbReason";
    static final String SUBJECT = "sbSubject";
    /** How long a drain's queued messages may take, in milliseconds. */
    static final String TIMEOUT = "sbTimeout";
    /**
     * The origin node's wall clock when it sent a publication, right after accepting it (epoch milliseconds). A
     * receiver measures the cluster lag with it; a message without it (from an older node) is delivered as before.
     */
    static final String SENT = "sbSent";
    /**
     * A publication's protocol metadata in its {@linkplain PublicationProperties#encode() text form}; absent when it
     * has none. A node that does not know the property reads a publication without metadata, as before.
     */
    static final String PROPERTIES = "sbProps";

    /** The kinds, as the {@link #KIND} property spells them. */
    public enum Kind {
        /** A publication to one channel. */
        PUBLICATION,
        /** A broadcast to an audience. */
        BROADCAST,
        /** A text to group members. */
        GROUPS,
        /** A message to one connection. */
        CONNECTION,
        /** A disconnect of one connection. */
        DISCONNECT,
        /** A disconnect of a user's connections. */
        DISCONNECT_USER,
        /** An announcement. */
        ANNOUNCEMENT,
        /** An abort of one connection (no close handshake). */
        ABORT,
        /** A drain of one connection. */
        DRAIN
    }

    /**
     * A publication as it travels: its payload in the {@link dev.switchboard.history.StoredPayload stored form}, its
     * position empty when the sender had no shared store position.
     */
    public record PublicationRequest(
            String channel,
            String message,
            Optional<String> publisher,
            String epoch,
            long offset,
            PublicationProperties properties) {}

    /** A broadcast as it travels. */
    public record BroadcastRequest(Object payload, Audience audience) {}

    /** A text to group members. */
    public record GroupsRequest(String groupPattern, String text) {}

    /** A message to one connection. */
    public record ConnectionRequest(String connectionId, Object payload) {}

    /** A disconnect of one connection. */
    public record DisconnectRequest(String connectionId, int code, String reason) {}

    /** A drain of one connection. */
    public record DrainRequest(String connectionId, java.time.Duration timeout) {}

    /** A disconnect of a user's connections. */
    public record DisconnectUserRequest(String user, Optional<Instant> identityExpiry, int code, String reason) {}

    private static final char SEPARATOR = '\n';

    private ClusterWire() {}

    /**
     * Builds a publication's message.
     *
     * @param context  where messages are created
     * @param origin   this node
     * @param request  the publication
     * @return the message
     * @throws JMSException when the provider refuses a property
     */
    public static Message publication(JMSContext context, String origin, PublicationRequest request)
            throws JMSException {
        Message message = text(context, origin, Kind.PUBLICATION, request.message());
        message.setStringProperty(CHANNEL, request.channel());
        message.setStringProperty(EPOCH, request.epoch());
        message.setLongProperty(OFFSET, request.offset());
        message.setLongProperty(SENT, System.currentTimeMillis());
        if (request.publisher().isPresent()) {
            message.setStringProperty(PUBLISHER, request.publisher().get());
        }
        if (!request.properties().isEmpty()) {
            message.setStringProperty(PROPERTIES, request.properties().encode());
        }
        return message;
    }

    /**
     * Builds a broadcast's message.
     *
     * @param context  where messages are created
     * @param origin   this node
     * @param request  the broadcast
     * @return the message
     * @throws JMSException when the provider refuses a property
     */
    public static Message broadcast(JMSContext context, String origin, BroadcastRequest request) throws JMSException {
        Message message = payload(context, origin, Kind.BROADCAST, request.payload());
        Audience audience = request.audience();
        if (audience.channel().isPresent()) {
            message.setStringProperty(AUDIENCE_CHANNEL, audience.channel().get());
        }
        if (audience.subprotocol().isPresent()) {
            message.setStringProperty(
                    AUDIENCE_SUBPROTOCOL, audience.subprotocol().get());
        }
        if (!audience.include().isEmpty()) {
            message.setStringProperty(AUDIENCE_INCLUDE, String.join(String.valueOf(SEPARATOR), audience.include()));
        }
        if (!audience.exclude().isEmpty()) {
            message.setStringProperty(AUDIENCE_EXCLUDE, String.join(String.valueOf(SEPARATOR), audience.exclude()));
        }
        return message;
    }

    /**
     * Builds a group message.
     *
     * @param context  where messages are created
     * @param origin   this node
     * @param request  the group message
     * @return the message
     * @throws JMSException when the provider refuses a property
     */
    public static Message groups(JMSContext context, String origin, GroupsRequest request) throws JMSException {
        Message message = text(context, origin, Kind.GROUPS, request.text());
        message.setStringProperty(GROUPS, request.groupPattern());
        return message;
    }

    /**
     * Builds a message to one connection.
     *
     * @param context  where messages are created
     * @param origin   this node
     * @param request  the message
     * @return the message
     * @throws JMSException when the provider refuses a property
     */
    public static Message connection(JMSContext context, String origin, ConnectionRequest request) throws JMSException {
        Message message = payload(context, origin, Kind.CONNECTION, request.payload());
        message.setStringProperty(CONNECTION, request.connectionId());
        return message;
    }

    /**
     * Builds a disconnect.
     *
     * @param context  where messages are created
     * @param origin   this node
     * @param request  the disconnect
     * @return the message
     * @throws JMSException when the provider refuses a property
     */
    public static Message disconnect(JMSContext context, String origin, DisconnectRequest request) throws JMSException {
        Message message = text(context, origin, Kind.DISCONNECT, "");
        message.setStringProperty(CONNECTION, request.connectionId());
        message.setIntProperty(CODE, request.code());
        message.setStringProperty(REASON, request.reason());
        return message;
    }

    /**
     * Builds an abort of one connection.
     *
     * @param context      where messages are created
     * @param origin       this node
     * @param connectionId the connection
     * @return the message
     * @throws JMSException when the provider refuses a property
     */
    public static Message abort(JMSContext context, String origin, String connectionId) throws JMSException {
        Message message = text(context, origin, Kind.ABORT, "");
        message.setStringProperty(CONNECTION, connectionId);
        return message;
    }

    /**
     * Builds a drain of one connection.
     *
     * @param context  where messages are created
     * @param origin   this node
     * @param request  the drain
     * @return the message
     * @throws JMSException when the provider refuses a property
     */
    public static Message drain(JMSContext context, String origin, DrainRequest request) throws JMSException {
        Message message = text(context, origin, Kind.DRAIN, "");
        message.setStringProperty(CONNECTION, request.connectionId());
        message.setLongProperty(TIMEOUT, request.timeout().toMillis());
        return message;
    }

    /**
     * Builds a disconnect of a user.
     *
     * @param context  where messages are created
     * @param origin   this node
     * @param request  the disconnect
     * @return the message
     * @throws JMSException when the provider refuses a property
     */
    public static Message disconnectUser(JMSContext context, String origin, DisconnectUserRequest request)
            throws JMSException {
        Message message = text(context, origin, Kind.DISCONNECT_USER, "");
        message.setStringProperty(USER, request.user());
        if (request.identityExpiry().isPresent()) {
            message.setLongProperty(EXPIRY, request.identityExpiry().get().toEpochMilli());
        }
        message.setIntProperty(CODE, request.code());
        message.setStringProperty(REASON, request.reason());
        return message;
    }

    /**
     * Builds an announcement.
     *
     * @param context      where messages are created
     * @param origin       this node
     * @param announcement the announcement
     * @return the message
     * @throws JMSException when the provider refuses a property
     */
    public static Message announcement(JMSContext context, String origin, Announcement announcement)
            throws JMSException {
        Message message = text(context, origin, Kind.ANNOUNCEMENT, announcement.body());
        message.setStringProperty(SUBJECT, announcement.subject());
        return message;
    }

    /**
     * The kind of a received message.
     *
     * @param message the message
     * @return the kind, or empty for a message that is not Switchboard's
     * @throws JMSException when the provider fails
     */
    public static Optional<Kind> kind(Message message) throws JMSException {
        String kind = message.getStringProperty(KIND);
        if (kind == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Kind.valueOf(kind));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The node a received message came from.
     *
     * @param message the message
     * @return the node id, empty when absent
     * @throws JMSException when the provider fails
     */
    public static String origin(Message message) throws JMSException {
        String origin = message.getStringProperty(ORIGIN);
        return origin == null ? "" : origin;
    }

    /**
     * When the origin node sent a publication, if it says.
     *
     * @param message a publication's message
     * @return epoch milliseconds, or empty for a message without the time
     * @throws JMSException when the provider cannot read the property
     */
    static OptionalLong sent(Message message) throws JMSException {
        return message.propertyExists(SENT) ? OptionalLong.of(message.getLongProperty(SENT)) : OptionalLong.empty();
    }

    static PublicationRequest readPublication(Message message) throws JMSException {
        String epoch = message.getStringProperty(EPOCH);
        return new PublicationRequest(
                required(message, CHANNEL),
                text(message),
                Optional.ofNullable(message.getStringProperty(PUBLISHER)),
                epoch == null ? "" : epoch,
                message.propertyExists(OFFSET) ? message.getLongProperty(OFFSET) : 0,
                properties(message.getStringProperty(PROPERTIES)));
    }

    private static PublicationProperties properties(String encoded) throws JMSException {
        try {
            return PublicationProperties.decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new JMSException("The cluster message's " + PROPERTIES + " property is malformed");
        }
    }

    static BroadcastRequest readBroadcast(Message message) throws JMSException {
        Audience audience = new Audience(
                Optional.ofNullable(message.getStringProperty(AUDIENCE_CHANNEL)),
                Optional.ofNullable(message.getStringProperty(AUDIENCE_SUBPROTOCOL)),
                ids(message.getStringProperty(AUDIENCE_INCLUDE)),
                ids(message.getStringProperty(AUDIENCE_EXCLUDE)));
        return new BroadcastRequest(payload(message), audience);
    }

    static GroupsRequest readGroups(Message message) throws JMSException {
        return new GroupsRequest(required(message, GROUPS), text(message));
    }

    static ConnectionRequest readConnection(Message message) throws JMSException {
        return new ConnectionRequest(required(message, CONNECTION), payload(message));
    }

    static DisconnectRequest readDisconnect(Message message) throws JMSException {
        return new DisconnectRequest(required(message, CONNECTION), message.getIntProperty(CODE), reason(message));
    }

    static String readAbort(Message message) throws JMSException {
        return required(message, CONNECTION);
    }

    static DrainRequest readDrain(Message message) throws JMSException {
        if (!message.propertyExists(TIMEOUT)) {
            throw new JMSException("The cluster message has no " + TIMEOUT + " property");
        }
        return new DrainRequest(
                required(message, CONNECTION),
                java.time.Duration.ofMillis(Math.max(0, message.getLongProperty(TIMEOUT))));
    }

    static DisconnectUserRequest readDisconnectUser(Message message) throws JMSException {
        Optional<Instant> expiry = message.propertyExists(EXPIRY)
                ? Optional.of(Instant.ofEpochMilli(message.getLongProperty(EXPIRY)))
                : Optional.empty();
        return new DisconnectUserRequest(
                required(message, USER), expiry, message.getIntProperty(CODE), reason(message));
    }

    static Announcement readAnnouncement(Message message) throws JMSException {
        return new Announcement(required(message, SUBJECT), text(message));
    }

    private static String reason(Message message) throws JMSException {
        String reason = message.getStringProperty(REASON);
        return reason == null ? "" : reason;
    }

    private static Set<String> ids(String joined) {
        if (joined == null || joined.isEmpty()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.asList(joined.split(String.valueOf(SEPARATOR))));
    }

    private static String required(Message message, String property) throws JMSException {
        String value = message.getStringProperty(property);
        if (value == null) {
            throw new JMSException("The cluster message lacks its " + property + " property");
        }
        return value;
    }

    private static Message text(JMSContext context, String origin, Kind kind, String body) throws JMSException {
        TextMessage message = context.createTextMessage(body);
        message.setStringProperty(KIND, kind.name());
        message.setStringProperty(ORIGIN, origin);
        return message;
    }

    private static Message payload(JMSContext context, String origin, Kind kind, Object payload) throws JMSException {
        if (payload instanceof String text) {
            return text(context, origin, kind, text);
        }
        ByteBuffer data = ((ByteBuffer) payload).duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        BytesMessage message = context.createBytesMessage();
        message.writeBytes(bytes);
        message.setStringProperty(KIND, kind.name());
        message.setStringProperty(ORIGIN, origin);
        return message;
    }

    private static String text(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            String body = text.getText();
            return body == null ? "" : body;
        }
        throw new JMSException("The cluster message of kind " + message.getStringProperty(KIND) + " is not text");
    }

    private static Object payload(Message message) throws JMSException {
        if (message instanceof BytesMessage bytes) {
            byte[] data = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(data);
            return ByteBuffer.wrap(data).asReadOnlyBuffer();
        }
        return text(message);
    }
}
