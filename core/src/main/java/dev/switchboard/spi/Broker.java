package dev.switchboard.spi;

import dev.switchboard.api.Audience;
import dev.switchboard.api.Publication;
import dev.switchboard.api.PublicationProperties;
import dev.switchboard.spi.HistoryStore.Position;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The one path every message between connections takes: publications to channels, broadcasts, group messages,
 * messages to one connection, and disconnects by connection and by user. The hub (Switchboard's
 * {@link dev.switchboard.api.Gateway}) hands each request to the broker; the broker orders it, assigns a
 * publication its channel offset and appends it to the {@link HistoryStore}, and hands it back to the
 * {@link Delivery} of every node, which delivers it to that node's own connections only. A broker for one node
 * calls its one delivery; a cluster broker (over Jakarta Messaging, say) sends the request to the other nodes and
 * calls each node's delivery there.
 *
 * <p><b>Who calls it.</b> The hub, once at startup {@link #attach}, then for every request on the thread of the
 * caller (a protocol handler on a connection's inbound thread, or an application thread calling the gateway), any
 * number of threads at once. Transports call {@link #replay} and {@link #head} through the hub when a client
 * resumes a channel, holding the hub's delivery lock of that channel: those two must not call the delivery.
 *
 * <p><b>Guarantees every broker keeps</b> (the broker contract tests check them):
 * <ul>
 *   <li>publications to one channel reach every node's delivery in one total order, the order of their offsets,
 *       and with history on the offsets of a channel have no holes;</li>
 *   <li>a publication {@link #publish} accepted (its stage completed normally) reaches every subscriber that stays
 *       connected, at least once; one the broker cannot take completes the stage with a
 *       {@link PublicationRefusedException}, never silently dropped;</li>
 *   <li>a publication repeated with the same {@link Publish#idempotencyKey()} within the broker's window is
 *       delivered once;</li>
 *   <li>when the history store fails, the publication is delivered without a position (it cannot be replayed).</li>
 * </ul>
 *
 * <p><b>Exceptions.</b> A {@link RuntimeException} other than {@link PublicationRefusedException} reaches the
 * caller of the gateway method. An exception a {@link Delivery} method throws is the hub's failure: the broker
 * logs it and goes on with the next request.
 *
 * <p><b>Choosing and replacing.</b> Switchboard's in-memory broker is the default bean; an application or a
 * module replaces it with its own CDI bean implementing this interface, annotated
 * {@code @Alternative @Priority(...)}.
 */
public interface Broker {

    /**
     * One publication to one exact channel.
     *
     * @param channel        the channel, canonical, never a mask
     * @param message        the payload
     * @param publisher      the id of the publishing connection, or empty when the server published
     * @param idempotencyKey a key naming the publication across retries (the publisher and its message id), or
     *                       empty; a broker delivers a publication with a key it saw recently on the channel only
     *                       the first time
     * @param assured        true when the publisher was promised the publication (sgc QoS 1 and 2): a broker that
     *                       carries it between nodes does so with persistent delivery, and refuses it rather than
     *                       accept it when it cannot
     * @param binary         true when the payload is bytes, carried as their Base64 text in {@code message} (see
     *                       {@link dev.switchboard.api.Publication#binary()})
     * @param properties     the protocol metadata; a broker hands it to every node's delivery with the publication
     *                       (a cluster broker carries it between nodes) and does not store it in the history
     */
    record Publish(
            String channel,
            String message,
            Optional<String> publisher,
            Optional<String> idempotencyKey,
            boolean assured,
            boolean binary,
            PublicationProperties properties) {
        /** Validates. */
        public Publish {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(publisher, "publisher");
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(properties, "properties");
        }

        /**
         * A publication without properties.
         *
         * @param channel        the channel
         * @param message        the payload
         * @param publisher      the publishing connection's id, or empty
         * @param idempotencyKey the idempotency key, or empty
         * @param assured        true when the publisher was promised the publication
         * @param binary         true when the payload is bytes, carried as their Base64 text
         */
        public Publish(
                String channel,
                String message,
                Optional<String> publisher,
                Optional<String> idempotencyKey,
                boolean assured,
                boolean binary) {
            this(channel, message, publisher, idempotencyKey, assured, binary, PublicationProperties.NONE);
        }

        /**
         * A text publication.
         *
         * @param channel        the channel
         * @param message        the payload
         * @param publisher      the publishing connection's id, or empty
         * @param idempotencyKey the idempotency key, or empty
         * @param assured        true when the publisher was promised the publication
         */
        public Publish(
                String channel,
                String message,
                Optional<String> publisher,
                Optional<String> idempotencyKey,
                boolean assured) {
            this(channel, message, publisher, idempotencyKey, assured, false);
        }

        /**
         * A text publication nobody was promised (QoS 0).
         *
         * @param channel        the channel
         * @param message        the payload
         * @param publisher      the publishing connection's id, or empty
         * @param idempotencyKey the idempotency key, or empty
         */
        public Publish(String channel, String message, Optional<String> publisher, Optional<String> idempotencyKey) {
            this(channel, message, publisher, idempotencyKey, false);
        }
    }

    /**
     * A fact one node tells the others that is not a message to connections: an address the firewall banned, a user
     * who logged out. Every other node receives it as a CDI event of this type; the node that announced it does
     * not (it acted on it already). A broker of one node drops it.
     *
     * @param subject what the fact is about, a dotted name such as {@code firewall.ban}
     * @param body    its details, a short text the subject's observers parse
     */
    record Announcement(String subject, String body) {
        /** Validates. */
        public Announcement {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * What the broker says about a publication it took.
     *
     * @param deliveredHere deliveries queued on this node before {@link #publish} returned; 0 when the broker
     *                      delivers later (a history store that may block, a cluster broker)
     * @param duplicate     true when the publication repeated an idempotency key and was not delivered again
     */
    record Accepted(int deliveredHere, boolean duplicate) {}

    /**
     * Where a broker hands requests back to a node; the hub implements it and delivers to its own connections.
     *
     * <p><b>Who calls it.</b> The broker, from any thread: the publisher's own thread, the scheduler's threads, a
     * message listener's thread. Calls for one channel are never concurrent and come in offset order; calls for
     * different channels, and the other methods, may be concurrent. Every method returns quickly: it only queues to
     * bounded per-connection outbound queues. An exception is a bug of the hub; the broker logs it.
     */
    interface Delivery {

        /**
         * Delivers a publication to this node's subscribers of its channel, encoded once per subprotocol.
         *
         * @param publication the publication, with its history position when it was stored
         * @return the number of deliveries queued
         */
        int deliverPublication(Publication publication);

        /**
         * Delivers a publication this node's broker was handed, telling when: the hub times publish-to-enqueue
         * (handed to the broker until its frames are in the subscribers' outbound queues) with it. The default
         * delivers without timing.
         *
         * @param publication the publication, with its history position when it was stored
         * @param handedNanos {@link System#nanoTime()} when the publication was handed to the broker on this node
         * @return the number of deliveries queued
         */
        default int deliverPublication(Publication publication, long handedNanos) {
            return deliverPublication(publication);
        }

        /**
         * Tells that a publication of another node of the cluster has arrived, and when its origin node sent it
         * (right after accepting it): the hub measures the cluster lag with it. A broker calls it once per arriving
         * publication that carries the time, from its receiving thread; the default does nothing.
         *
         * @param sentEpochMillis the origin node's wall clock at the send, in milliseconds since the epoch
         */
        default void remotePublicationArrived(long sentEpochMillis) {}

        /**
         * Delivers a message, as is, to this node's connections of an audience.
         *
         * @param payload  a {@code String} or a read-only {@link ByteBuffer}
         * @param audience who receives it
         * @return the number of connections it was queued for
         */
        int deliverBroadcast(Object payload, Audience audience);

        /**
         * Delivers a text to this node's members of the groups matching a pattern, each member once.
         *
         * @param groupPattern a group name or mask
         * @param text         the message
         * @return the number of connections it was queued for
         */
        int deliverToGroups(String groupPattern, String text);

        /**
         * Delivers a message to one connection when it is open on this node.
         *
         * @param connectionId the connection
         * @param payload      a {@code String} or a read-only {@link ByteBuffer}
         * @return true when it was queued here
         */
        boolean deliverToConnection(String connectionId, Object payload);

        /**
         * Closes one connection when it is open on this node.
         *
         * @param connectionId the connection
         * @param code         the close code
         * @param reason       the close reason
         * @return true when it was open here
         */
        boolean disconnect(String connectionId, int code, String reason);

        /**
         * Cuts one connection without a close handshake when it is open on this node
         * ({@link dev.switchboard.api.Gateway#abort}).
         *
         * @param connectionId the connection
         * @return true when it was open here
         */
        default boolean abort(String connectionId) {
            return false;
        }

        /**
         * Drains one connection when it is open on this node ({@link dev.switchboard.api.Gateway#drain}).
         *
         * @param connectionId the connection
         * @param timeout      how long its queued messages may take to leave
         * @return true when it was open here and not draining already
         */
        default boolean drain(String connectionId, java.time.Duration timeout) {
            return false;
        }

        /**
         * Closes every connection of this node whose identity names a user.
         *
         * @param user           the principal name
         * @param identityExpiry when present, only connections whose identity expires at that instant (the
         *                       connections one login authenticated share its expiry)
         * @param code           the close code
         * @param reason         the close reason
         * @return the number of connections closed here
         */
        int disconnectUser(String user, Optional<Instant> identityExpiry, int code, String reason);
    }

    /**
     * Connects this node's hub: from now on the broker hands requests to {@code delivery}. Called once, when the hub
     * starts, before any other method.
     *
     * @param delivery the hub's delivery
     */
    void attach(Delivery delivery);

    /**
     * Takes a publication: assigns it the channel's next offset and appends it to the history, then hands it to
     * every node's {@link Delivery#deliverPublication}, in the channel's order. The returned stage completes when
     * the broker has taken responsibility for the publication (a protocol acknowledges a QoS 1 or 2 publication only
     * then), or exceptionally with a {@link PublicationRefusedException}. A broker may block the calling thread
     * for a bounded time when the channel is congested.
     *
     * @param publish the publication
     * @return the acceptance
     */
    default CompletionStage<Accepted> publish(Publish publish) {
        return publish(publish, () -> {});
    }

    /**
     * Takes a publication as {@link #publish(Publish)} does, and runs {@code onAccepted} once the broker has taken
     * responsibility for it and before any node's {@link Delivery#deliverPublication} sees it, so a protocol's
     * acknowledgment reaches the publisher ahead of its own copy of the publication (the order sgc clients are
     * used to). It runs on the publisher's thread or the broker's; it must be quick and must not publish. It does
     * not run for a refused publication; for a duplicate it runs at once. A cluster broker accepts an
     * {@linkplain Publish#assured() assured} publication only once the messaging broker holds it, so other nodes may
     * deliver it before {@code onAccepted} ran; this node's delivery still comes after.
     *
     * @param publish    the publication
     * @param onAccepted what to do on acceptance, before delivery
     * @return the acceptance
     */
    CompletionStage<Accepted> publish(Publish publish, Runnable onAccepted);

    /**
     * Hands a message for the connections of an audience to every node's {@link Delivery#deliverBroadcast}.
     *
     * @param payload  a {@code String} or a read-only {@link ByteBuffer}
     * @param audience who receives it
     * @return the deliveries queued on this node before the call returned
     */
    int broadcast(Object payload, Audience audience);

    /**
     * Hands a text for group members to every node's {@link Delivery#deliverToGroups}.
     *
     * @param groupPattern a group name or mask
     * @param text         the message
     * @return the deliveries queued on this node before the call returned
     */
    int sendToGroups(String groupPattern, String text);

    /**
     * Hands a message to the node holding a connection ({@link Delivery#deliverToConnection}).
     *
     * @param connectionId the connection
     * @param payload      a {@code String} or a read-only {@link ByteBuffer}
     * @return true when it was queued on this node, or sent on to another node that may hold the connection
     */
    boolean sendToConnection(String connectionId, Object payload);

    /**
     * Closes a connection on whichever node holds it ({@link Delivery#disconnect}).
     *
     * @param connectionId the connection
     * @param code         the close code
     * @param reason       the close reason
     * @return true when it was open on this node, or the request was sent on to the other nodes
     */
    boolean disconnect(String connectionId, int code, String reason);

    /**
     * Asks the other nodes to cut a connection that is not open on this one ({@link Delivery#abort} on each); the hub
     * calls it after looking on its own node. The default, for a broker of one node, has no other node to ask.
     *
     * @param connectionId the connection
     * @return true when the request was sent on to the other nodes
     */
    default boolean abortElsewhere(String connectionId) {
        return false;
    }

    /**
     * Asks the other nodes to drain a connection that is not open on this one ({@link Delivery#drain} on each); the
     * hub calls it after looking on its own node. The default, for a broker of one node, has no other node to ask.
     *
     * @param connectionId the connection
     * @param timeout      how long its queued messages may take to leave
     * @return true when the request was sent on to the other nodes
     */
    default boolean drainElsewhere(String connectionId, java.time.Duration timeout) {
        return false;
    }

    /**
     * Closes every connection of a user on every node ({@link Delivery#disconnectUser}); a logout everywhere.
     *
     * @param user           the principal name
     * @param identityExpiry when present, only connections whose identity expires at that instant (one login's)
     * @param code           the close code
     * @param reason         the close reason
     * @return the number of connections closed on this node
     */
    int disconnectUser(String user, Optional<Instant> identityExpiry, int code, String reason);

    /**
     * Tells every other node of a fact ({@link Announcement}); they receive it as a CDI event. Best effort: a node
     * that is cut off from the others at the time misses it. The default, for a broker of one node, does nothing.
     *
     * @param announcement the fact
     */
    default void announce(Announcement announcement) {}

    /**
     * Tells whether this node is connected to the others. A broker of one node always is; a cluster broker that lost
     * its messaging link answers false until it is back, and the health endpoint reports the node not ready.
     *
     * @return true when messages reach every node
     */
    default boolean linked() {
        return true;
    }

    /**
     * Plans what a client resuming a channel from a position is replayed, and the gap it must be told of (see
     * {@link ReplayPlan}). Called on a transport's thread while the hub holds the channel's delivery lock; must not
     * call the {@link Delivery}. A failure to read the history gives a plan with an {@code unavailable} gap.
     *
     * @param channel one exact channel
     * @param since   the client's last position, or empty for a client without one
     * @param limit   the most entries to replay
     * @return the plan
     */
    ReplayPlan replay(String channel, Optional<Position> since, int limit);

    /**
     * The channel's current history position, {@link Position#NONE} without history or when the store failed.
     *
     * @param channel one exact channel
     * @return the position
     */
    Position head(String channel);
}
