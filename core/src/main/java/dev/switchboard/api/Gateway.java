package dev.switchboard.api;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The active half of Switchboard that applications inject: send to one connection, broadcast, publish to
 * channels, manage groups and disconnect. Transport-neutral: WebSocket and SSE connections are treated alike.
 *
 * <p>Every method is thread-safe and non-blocking: sends only enqueue into the target connections' bounded
 * outbound queues (see {@link Connection}). A message sent to many connections is encoded once.
 *
 * <p><b>The broker.</b> Publications, broadcasts, group messages, sends to one connection and disconnects go
 * through the broker ({@code dev.switchboard.spi.Broker}), which hands them to the hub of every node; each hub
 * delivers to its own connections. The counts these methods return are the deliveries made on this node before the
 * call returned: with the default in-memory broker that is every delivery, as on a single server. Subscriptions and
 * groups belong to the node that holds the connection.
 *
 * <p><b>Channel names.</b> A channel is any non-empty string. Where a method takes a channel <em>spec</em>,
 * a comma-separated list names several channels, and (unless {@code switchboard.channels.masks} is off) a name
 * containing {@code *}, {@code ?} or a {@code [a-z]} set is a case-insensitive mask: subscribing with a mask
 * receives publications to every matching channel, now and later; publishing to a mask reaches the matching
 * channels that have subscribers.
 */
public interface Gateway {

    /**
     * Looks a connection up.
     *
     * @param id the connection id
     * @return the open connection, or empty
     */
    Optional<Connection> connection(String id);

    /**
     * The open connections at this moment.
     *
     * @return a snapshot
     */
    List<Connection> connections();

    /**
     * The number of open connections.
     *
     * @return the count
     */
    int connectionCount();

    /**
     * Sends a text message to one connection.
     *
     * @param connectionId the target
     * @param text         the message
     * @return true when queued (or, with a cluster broker, sent on to the node that may hold it); false when the
     *     connection is unknown, closed, or was cut off as slow
     */
    boolean send(String connectionId, String text);

    /**
     * Sends a binary message to one connection.
     *
     * @param connectionId the target
     * @param data         the message
     * @return true when queued
     */
    boolean send(String connectionId, ByteBuffer data);

    /**
     * Sends a text message, as is, to every connection of an audience.
     *
     * @param text     the message
     * @param audience who receives it
     * @return the number of connections it was queued for
     */
    int broadcast(String text, Audience audience);

    /**
     * Sends a binary message, as is, to every connection of an audience.
     *
     * @param data     the message
     * @param audience who receives it
     * @return the number of connections it was queued for
     */
    int broadcast(ByteBuffer data, Audience audience);

    /**
     * Publishes to the subscribers of one or more channels; each receives the publication encoded by its
     * subprotocol. A subscriber matching several of the channels receives one copy per channel.
     *
     * <p>The broker gives each publication its channel's next history offset and delivers a channel's
     * publications in that order. When the history store may block (JDBC), publications are appended and delivered
     * shortly after the call, on the scheduler, and are not counted. When the broker cannot take a publication
     * (the history of the channel is lagging behind), an unchecked {@code dev.switchboard.spi.PublicationRefusedException}
     * is thrown; the channels of the spec before it stay published.
     *
     * @param channelSpec a channel, a comma list, or a mask
     * @param message     the payload
     * @return the number of deliveries queued on this node before the call returned
     */
    int publish(String channelSpec, String message);

    /**
     * Publishes on behalf of a connection; the publication names it as publisher.
     *
     * @param channelSpec a channel, a comma list, or a mask
     * @param message     the payload
     * @param publisher   the publishing connection
     * @return the number of deliveries queued on this node before the call returned, as {@link #publish(String,
     *     String)} counts them
     */
    int publish(String channelSpec, String message, Connection publisher);

    /**
     * Publishes bytes to every subscriber of the matching channels, as {@link #publish(String, String)} publishes
     * text: each subprotocol shows them its own way (a binary frame to plain WebSocket, MQTT and STOMP subscribers,
     * {@code sgc@b64:} text to sgc subscribers, a {@code binary} event with the Base64 text over SSE). The buffer's
     * remaining bytes are copied; the caller may reuse it afterwards.
     *
     * @param channelSpec a channel, a comma list, or a mask
     * @param data        the payload
     * @return the number of deliveries queued on this node before the call returned
     */
    int publish(String channelSpec, ByteBuffer data);

    /**
     * Publishes bytes on behalf of a connection, as {@link #publish(String, ByteBuffer)} does.
     *
     * @param channelSpec a channel, a comma list, or a mask
     * @param data        the payload
     * @param publisher   the publishing connection
     * @return the number of deliveries queued on this node before the call returned
     */
    int publish(String channelSpec, ByteBuffer data, Connection publisher);

    /**
     * Subscribes a connection, without asking the subscribe handlers (the server decides).
     *
     * @param connection  the connection
     * @param channelSpec a channel, a comma list, or a mask
     * @return the channel names or masks the connection is now subscribed to by this call
     */
    List<String> subscribe(Connection connection, String channelSpec);

    /**
     * Unsubscribes a connection.
     *
     * @param connection  the connection
     * @param channelSpec a channel, comma list or mask, matched against the connection's subscriptions
     * @return the subscriptions removed
     */
    List<String> unsubscribe(Connection connection, String channelSpec);

    /**
     * Removes every subscription of a connection.
     *
     * @param connection the connection
     * @return the subscriptions removed
     */
    List<String> unsubscribeAll(Connection connection);

    /**
     * The subscriptions (names and masks) of a connection.
     *
     * @param connection the connection
     * @return a snapshot
     */
    Set<String> subscriptions(Connection connection);

    /**
     * The channel names and masks that have at least one subscriber.
     *
     * @return a snapshot
     */
    Set<String> channels();

    /**
     * Adds a connection to a group, creating the group. Membership ends with the connection.
     *
     * @param group      the group name
     * @param connection the connection
     */
    void joinGroup(String group, Connection connection);

    /**
     * Removes a connection from a group; an empty group disappears.
     *
     * @param group      the group name
     * @param connection the connection
     */
    void leaveGroup(String group, Connection connection);

    /**
     * The groups a connection belongs to.
     *
     * @param connection the connection
     * @return a snapshot
     */
    Set<String> groups(Connection connection);

    /**
     * Sends a text message to the members of every group whose name matches a pattern ({@code Room*} reaches
     * {@code Room1} and {@code Room2}; a name without mask characters is exact). A connection in several
     * matching groups receives it once.
     *
     * @param groupPattern a group name or mask
     * @param text         the message
     * @return the number of connections it was queued for
     */
    int sendToGroups(String groupPattern, String text);

    /**
     * Closes one connection.
     *
     * @param connectionId the connection
     * @param code         a close code from {@link CloseCodes}
     * @param reason       the reason
     * @return false when no such connection is open
     */
    boolean disconnect(String connectionId, int code, String reason);

    /**
     * Pings a WebSocket connection of this node and measures the round trip: the ping carries a payload unique to
     * it, and only the pong that echoes that payload completes the result (the heartbeat's pongs and unsolicited
     * ones do not).
     *
     * <p>Bounded: one measuring ping per connection is outstanding at a time; asking again before its pong arrives
     * returns that same measurement instead of sending another ping. The result completes exceptionally with
     * <ul>
     *   <li>{@link java.util.concurrent.TimeoutException} when no matching pong arrives within
     *       {@code switchboard.ping.timeout} (default 10 s);</li>
     *   <li>{@link IllegalStateException} when the connection closes first;</li>
     *   <li>{@link UnsupportedOperationException} for a transport without pings (SSE, plain TCP, an inner
     *       connection of the sgc broker protocol);</li>
     *   <li>{@link java.util.NoSuchElementException} when no such connection is open on this node.</li>
     * </ul>
     * Never blocks; the ping is sent at once, ahead of queued messages (RFC 6455 section 5.5.2 lets control frames
     * interleave).
     *
     * @param connectionId the connection
     * @return the round-trip time, from sending the ping to receiving its pong
     */
    CompletionStage<Duration> ping(String connectionId);

    /**
     * Cuts one connection without a close handshake, for a misbehaving peer: a WebSocket's TCP connection ends with no
     * close frame (the client sees an abnormal closure, 1006, and no code or reason), and nothing queued is sent.
     * Contrast {@link #disconnect}, which sends a close frame the client receives, and {@link #drain}. On a container
     * that cannot abort a WebSocket (no {@code dev.switchboard.spi.WebSocketAbort} provider; the embedded server has
     * one) the connection is closed with {@link CloseCodes#POLICY_VIOLATION} instead. A connection of another node is
     * cut there, through the broker, as {@link #disconnect} closes one. {@code DisconnectEvent} follows as for any
     * close.
     *
     * @param connectionId the connection
     * @return true when it was open on this node, or the request was sent on to the other nodes
     */
    boolean abort(String connectionId);

    /**
     * Drains one connection: from now on the messages it sends are dropped unread and nothing more is queued to it;
     * the messages already queued to it are all sent, then it is closed with {@link CloseCodes#DRAINED} (4001,
     * reason {@code drained}). A client that does not read them within {@code timeout} is closed with
     * {@link CloseCodes#SLOW_CONSUMER} instead. The call returns at once. A connection of another node is drained
     * there, through the broker.
     *
     * @param connectionId the connection
     * @param timeout      how long the queued messages may take to leave
     * @return true when it was open on this node and not draining already, or the request was sent on to the other
     *         nodes
     */
    boolean drain(String connectionId, java.time.Duration timeout);

    /**
     * Closes the connections of a user on every node: a logout everywhere.
     *
     * @param user           the principal name
     * @param identityExpiry when present, only the connections whose identity expires at that instant; the connections
     *                       one login session authenticated (by its cookie, tickets or tokens) share its expiry, so
     *                       this closes one login's connections and spares those that refreshed to another credential
     * @param code           a close code from {@link CloseCodes}
     * @param reason         the reason
     * @return the number of connections closed on this node
     */
    int disconnectUser(String user, java.util.Optional<java.time.Instant> identityExpiry, int code, String reason);

    /**
     * Closes every connection of this node.
     *
     * @param code   a close code from {@link CloseCodes}
     * @param reason the reason
     * @return the number of connections closed
     */
    int disconnectAll(int code, String reason);

    /**
     * Replaces a connection's identity with the one a fresh credential proves, without reconnecting. The
     * credential must prove the same principal; the connection's expiry moves to the new credential's.
     * Protocols call it when a client refreshes (the sgc protocol's {@code sgc@refresh}).
     *
     * @param connection the connection
     * @param kind       {@code bearer} (a signed JWT) or {@code ticket} (a connect ticket)
     * @param credential the token or ticket
     * @return the new identity
     * @throws AuthenticationException when the credential is refused, proves another principal, or no
     *                                 authentication is installed
     */
    Identity reauthenticate(Connection connection, String kind, String credential) throws AuthenticationException;

    /**
     * Limits the rate a connection of this node is written at (sgc {@code Throttle}): messages wait in its outbound
     * queue until their time at that rate, and the queue's bounds still apply, so a connection sent more than it may
     * be written is cut off as a slow consumer. {@code switchboard.outbound.throttle} sets the rate of every new
     * connection.
     *
     * @param connectionId   the connection
     * @param bytesPerSecond the rate; 0 removes the limit
     * @return false when no such connection is open on this node, or its messages wait in another connection's
     *         queue (an inner connection of the broker protocol: throttle the carrier)
     * @throws IllegalArgumentException when the rate is negative
     */
    boolean throttle(String connectionId, long bytesPerSecond);

    /**
     * Gives the publications of channels matching a mask a lane of one connection's outbound queue (sgc
     * {@code QueueOptions}): while messages wait, those of a higher lane are written first; each lane keeps its
     * order. Asked before the node's {@code switchboard.outbound.channel-priorities}; giving a mask again replaces its
     * lane.
     *
     * @param connectionId the connection
     * @param channelMask  a channel name or mask, canonicalised as every channel name is
     * @param priority     the lane
     * @return false when no such connection is open on this node, or it has no queue of its own
     * @throws IllegalArgumentException when the mask is not a valid channel mask
     * @throws IllegalStateException    when the connection already has {@code switchboard.outbound.max-priority-masks}
     *                                  masks
     */
    boolean prioritize(String connectionId, String channelMask, Priority priority);
}
