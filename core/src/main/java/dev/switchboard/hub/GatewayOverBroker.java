package dev.switchboard.hub;

import dev.switchboard.api.Audience;
import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Priority;
import dev.switchboard.api.PublicationProperties;
import dev.switchboard.api.event.GroupJoinedEvent;
import dev.switchboard.api.event.GroupLeftEvent;
import dev.switchboard.api.event.SubscribedEvent;
import dev.switchboard.api.event.UnsubscribedEvent;
import dev.switchboard.channel.ChannelFilter;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.PublicationRefusedException;
import dev.switchboard.spi.Scheduler;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Gateway} over the {@link Broker}: publications, broadcasts, group messages, sends and disconnects go to
 * the broker, which hands them back to every node's {@link LocalDelivery}; subscriptions and groups are this
 * node's own. An application's {@link Connection} is resolved to the hub's own object through the registry, by id.
 * {@link Hub} adds what transports and protocols call.
 */
abstract class GatewayOverBroker implements Gateway {

    private static final PublicationProperties NONE = PublicationProperties.NONE;

    /** The connections of this node. */
    abstract ConnectionRegistry registry();

    /** The broker every message goes through. */
    abstract Broker broker();

    /** This node's subscriptions, groups and delivery(). */
    abstract LocalDelivery delivery();

    /** The transport lifecycle, for credential refreshes. */
    abstract ConnectionLifecycle lifecycle();

    /** How long a measuring ping waits for its pong. */
    abstract java.time.Duration pingTimeout();

    /** Where timeouts and throttled writes run. */
    abstract Scheduler scheduler();

    /** The CDI events of subscriptions and groups. */
    abstract HubEvents events();

    /** How much protocol metadata a publication may carry. */
    abstract PropertyBudget propertyBudget();

    /** The hub's own object of an application's connection, found by id; empty once it closed. */
    Optional<HubConnection> own(Connection connection) {
        return registry().lookup(connection.id());
    }

    // ---- Gateway --------------------------------------------------------------------------------------

    @Override
    public Identity reauthenticate(Connection connection, String kind, String credential)
            throws AuthenticationException {
        HubConnection own = own(connection)
                .orElseThrow(() -> new IllegalArgumentException("Not an open connection: " + connection));
        return lifecycle().reauthenticate(own, kind, credential);
    }

    @Override
    public Optional<Connection> connection(String id) {
        return registry().find(id);
    }

    @Override
    public List<Connection> connections() {
        return registry().snapshot();
    }

    @Override
    public int connectionCount() {
        return registry().count();
    }

    @Override
    public boolean send(String connectionId, String text) {
        return broker().sendToConnection(connectionId, text);
    }

    @Override
    public boolean send(String connectionId, ByteBuffer data) {
        return broker().sendToConnection(connectionId, data.asReadOnlyBuffer());
    }

    @Override
    public int broadcast(String text, Audience audience) {
        return broker().broadcast(text, audience);
    }

    @Override
    public int broadcast(ByteBuffer data, Audience audience) {
        return broker().broadcast(data.asReadOnlyBuffer(), audience);
    }

    @Override
    public int publish(String channelSpec, String message) {
        return join(publishOverBroker(
                channelSpec, message, Optional.empty(), Optional.empty(), () -> {}, false, false, NONE));
    }

    @Override
    public int publish(String channelSpec, String message, Connection publisher) {
        return join(publishOverBroker(
                channelSpec, message, Optional.of(publisher), Optional.empty(), () -> {}, false, false, NONE));
    }

    @Override
    public int publish(String channelSpec, ByteBuffer data) {
        return join(publishOverBroker(
                channelSpec, base64(data), Optional.empty(), Optional.empty(), () -> {}, false, true, NONE));
    }

    @Override
    public int publish(String channelSpec, ByteBuffer data, Connection publisher) {
        return join(publishOverBroker(
                channelSpec, base64(data), Optional.of(publisher), Optional.empty(), () -> {}, false, true, NONE));
    }

    /**
     * Publishes bytes as {@link #publishTracked(String, String, Optional, Optional, Runnable)} publishes text.
     *
     * @param channelSpec a channel, a comma list, or a mask
     * @param data        the payload; its remaining bytes are copied
     * @param publisher   the publishing connection, or empty when the server publishes
     * @param messageId   the publisher's id of the message, or empty
     * @param onAccepted  run once on acceptance of every channel's publication; never after a refusal
     * @return as {@link #publishTracked(String, String, Optional, Optional)}
     */
    public CompletionStage<Integer> publishTracked(
            String channelSpec,
            ByteBuffer data,
            Optional<Connection> publisher,
            Optional<String> messageId,
            Runnable onAccepted) {
        return publishOverBroker(channelSpec, base64(data), publisher, messageId, onAccepted, true, true, NONE);
    }

    /**
     * Publishes bytes with protocol metadata as
     * {@link #publishTracked(String, String, Optional, Optional, PublicationProperties, Runnable)} publishes text.
     *
     * @param channelSpec a channel, a comma list, or a mask
     * @param data        the payload; its remaining bytes are copied
     * @param publisher   the publishing connection, or empty when the server publishes
     * @param messageId   the publisher's id of the message, or empty
     * @param properties  the protocol metadata every node's subscribers are delivered with the publication
     * @param onAccepted  run once on acceptance of every channel's publication; never after a refusal
     * @return as {@link #publishTracked(String, String, Optional, Optional)}
     */
    public CompletionStage<Integer> publishTracked(
            String channelSpec,
            ByteBuffer data,
            Optional<Connection> publisher,
            Optional<String> messageId,
            PublicationProperties properties,
            Runnable onAccepted) {
        return publishOverBroker(channelSpec, base64(data), publisher, messageId, onAccepted, true, true, properties);
    }

    /** Bytes travel as their Base64 text (see {@link dev.switchboard.api.Publication#binary()}). */
    private static String base64(ByteBuffer data) {
        ByteBuffer source = data.duplicate();
        byte[] bytes = new byte[source.remaining()];
        source.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Publishes and tells when the broker has taken the publication, for a protocol that acknowledges a publication
     * to its client only then (QoS 1 and 2). The publication is {@linkplain Broker.Publish#assured() assured}: a
     * cluster broker carries it with persistent delivery and refuses it while it cannot. With a message id, a retry of
     * the same publication by the same publisher is delivered once.
     *
     * @param channelSpec a channel, a comma list, or a mask
     * @param message     the payload
     * @param publisher   the publishing connection, or empty when the server publishes
     * @param messageId   the publisher's id of the message, or empty
     * @return completes with the deliveries queued on this node before the broker accepted (as
     *     {@link #publish(String, String)} counts them) once every channel's publication was accepted, or
     *     exceptionally with a {@link PublicationRefusedException}; channels before a refused one stay published
     */
    public CompletionStage<Integer> publishTracked(
            String channelSpec, String message, Optional<Connection> publisher, Optional<String> messageId) {
        return publishTracked(channelSpec, message, publisher, messageId, () -> {});
    }

    /**
     * Publishes as {@link #publishTracked(String, String, Optional, Optional)} does, and runs {@code onAccepted} once
     * the broker has taken the publication of every channel, before the last channel's delivery (see
     * {@link Broker#publish(Broker.Publish, Runnable)}): a protocol acknowledges there, so a publisher subscribed to
     * the channel gets the acknowledgment before its own copy.
     *
     * @param channelSpec a channel, a comma list, or a mask
     * @param message     the payload
     * @param publisher   the publishing connection, or empty when the server publishes
     * @param messageId   the publisher's id of the message, or empty
     * @param onAccepted  run once on acceptance of every channel's publication; never after a refusal
     * @return as {@link #publishTracked(String, String, Optional, Optional)}
     */
    public CompletionStage<Integer> publishTracked(
            String channelSpec,
            String message,
            Optional<Connection> publisher,
            Optional<String> messageId,
            Runnable onAccepted) {
        return publishOverBroker(channelSpec, message, publisher, messageId, onAccepted, true, false, NONE);
    }

    /**
     * Publishes as {@link #publishTracked(String, String, Optional, Optional, Runnable)} does, with protocol metadata
     * that travels with the publication to every node (see {@link PublicationProperties}). Properties over the
     * {@link PropertyBudget} refuse the publication: the stage completes with a {@link PublicationRefusedException}
     * and nothing is published.
     *
     * @param channelSpec a channel, a comma list, or a mask
     * @param message     the payload
     * @param publisher   the publishing connection, or empty when the server publishes
     * @param messageId   the publisher's id of the message, or empty
     * @param properties  the protocol metadata every node's subscribers are delivered with the publication
     * @param onAccepted  run once on acceptance of every channel's publication; never after a refusal
     * @return as {@link #publishTracked(String, String, Optional, Optional)}
     */
    public CompletionStage<Integer> publishTracked(
            String channelSpec,
            String message,
            Optional<Connection> publisher,
            Optional<String> messageId,
            PublicationProperties properties,
            Runnable onAccepted) {
        return publishOverBroker(channelSpec, message, publisher, messageId, onAccepted, true, false, properties);
    }

    /**
     * Publishes to each channel of a spec in turn; {@code assured} when the publisher was promised delivery,
     * {@code binary} when {@code message} is the Base64 text of bytes; {@code properties} travel with it.
     */
    private CompletionStage<Integer> publishOverBroker(
            String channelSpec,
            String message,
            Optional<Connection> publisher,
            Optional<String> messageId,
            Runnable onAccepted,
            boolean assured,
            boolean binary,
            PublicationProperties properties) {
        if (!properties.isEmpty()) {
            Optional<String> over = propertyBudget().refusal(properties);
            if (over.isPresent()) {
                return CompletableFuture.failedFuture(new PublicationRefusedException(channelSpec, over.get()));
            }
        }
        Optional<String> publisherId = publisher.map(Connection::id);
        Optional<String> key = messageId.map(id -> publisherId.orElse("") + "/" + id);
        List<String> channels = delivery().channels().expandForPublish(channelSpec);
        if (channels.isEmpty()) {
            onAccepted.run();
            return CompletableFuture.completedFuture(0);
        }
        AtomicInteger awaited = new AtomicInteger(channels.size());
        Runnable countDown = () -> {
            if (awaited.decrementAndGet() == 0) {
                onAccepted.run();
            }
        };
        CompletableFuture<Integer> total = CompletableFuture.completedFuture(0);
        for (String channel : channels) {
            Broker.Publish publish =
                    new Broker.Publish(channel, message, publisherId, key, assured, binary, properties);
            total = total.thenCompose(
                    sum -> broker().publish(publish, countDown).thenApply(accepted -> sum + accepted.deliveredHere()));
        }
        return total;
    }

    private static int join(CompletionStage<Integer> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public List<String> subscribe(Connection connection, String channelSpec) {
        List<String> added =
                own(connection).map(c -> delivery().subscribe(c, channelSpec)).orElse(List.of());
        added.forEach(name -> subscribed(connection, name));
        return added;
    }

    /**
     * Fires {@link SubscribedEvent} after a subscription took effect, on the subscribing thread; every subscribe path
     * of the hub ends here, so every protocol and transport fires it alike.
     */
    void subscribed(Connection connection, String name) {
        if (events().observed(SubscribedEvent.class)) {
            events().fire(new SubscribedEvent(connection, ChannelIndex.displayName(name)));
        }
    }

    /** Fires {@link UnsubscribedEvent} for each removed subscription of a connection that stays open. */
    private void unsubscribed(Connection connection, List<String> names) {
        if (!names.isEmpty() && events().observed(UnsubscribedEvent.class)) {
            for (String name : names) {
                events().fire(new UnsubscribedEvent(connection, ChannelIndex.displayName(name), false));
            }
        }
    }

    /**
     * Subscribes a connection to one already-split channel name or mask; protocols call it per name after
     * asking their subscribe handlers.
     *
     * @param connection the connection
     * @param name       one channel name or mask
     * @return true when it was not subscribed before
     */
    public boolean subscribeOne(Connection connection, String name) {
        boolean added = own(connection)
                .map(c -> delivery().channels().subscribe(c, name))
                .orElse(false);
        if (added) {
            subscribed(connection, ChannelNames.canonical(name));
        }
        return added;
    }

    /**
     * Subscribes a connection to the channels a protocol's filter matches (an MQTT topic filter, say); protocols call
     * it after asking their subscribe handlers and {@link Hub#subscriptionRefusal}. It counts as one subscription
     * against the connection's budget, and {@link #subscriptions} lists it by its key.
     *
     * @param connection the connection
     * @param filter     the filter
     * @return true when the connection did not hold a filter with the same key before
     */
    public boolean subscribeFilter(Connection connection, ChannelFilter filter) {
        boolean added = own(connection)
                .map(c -> delivery().channels().subscribeFilter(c, filter))
                .orElse(false);
        if (added) {
            subscribed(connection, filter.key());
        }
        return added;
    }

    /**
     * Drops a connection's filter subscription.
     *
     * @param connection the connection
     * @param key        the filter's {@link ChannelFilter#key()}
     * @return true when the connection held it
     */
    public boolean unsubscribeFilter(Connection connection, String key) {
        boolean removed = own(connection)
                .map(c -> delivery().channels().unsubscribeFilter(c, key))
                .orElse(false);
        if (removed) {
            unsubscribed(connection, List.of(key));
        }
        return removed;
    }

    /**
     * Splits a channel spec into names: a comma list gives several names, blanks are dropped.
     *
     * @param channelSpec the spec
     * @return the names, masks kept as they are
     */
    public List<String> splitChannels(String channelSpec) {
        return ChannelIndex.split(channelSpec);
    }

    @Override
    public List<String> unsubscribe(Connection connection, String channelSpec) {
        List<String> removed = own(connection)
                .map(c -> delivery().unsubscribeSpec(c, channelSpec))
                .orElse(List.of());
        unsubscribed(connection, removed);
        return removed;
    }

    @Override
    public List<String> unsubscribeAll(Connection connection) {
        List<String> removed = own(connection).map(delivery()::unsubscribeAll).orElse(List.of());
        unsubscribed(connection, removed);
        return removed;
    }

    @Override
    public Set<String> subscriptions(Connection connection) {
        return delivery().channels().subscriptions(connection.id());
    }

    @Override
    public Set<String> channels() {
        return delivery().channels().names();
    }

    @Override
    public void joinGroup(String group, Connection connection) {
        Optional<HubConnection> own = own(connection);
        if (own.isPresent() && delivery().groups().join(group, own.get())) {
            events().fire(new GroupJoinedEvent(connection, group));
        }
    }

    @Override
    public void leaveGroup(String group, Connection connection) {
        Optional<HubConnection> own = own(connection);
        if (own.isPresent() && delivery().groups().leave(group, own.get())) {
            events().fire(new GroupLeftEvent(connection, group, false));
        }
    }

    @Override
    public Set<String> groups(Connection connection) {
        return delivery().groups().groupsOf(connection.id());
    }

    @Override
    public int sendToGroups(String groupPattern, String text) {
        return broker().sendToGroups(groupPattern, text);
    }

    @Override
    public boolean disconnect(String connectionId, int code, String reason) {
        return broker().disconnect(connectionId, code, reason);
    }

    @Override
    public CompletionStage<java.time.Duration> ping(String connectionId) {
        Optional<HubConnection> own = registry().lookup(connectionId);
        if (own.isEmpty()) {
            return CompletableFuture.failedStage(
                    new java.util.NoSuchElementException("No open connection " + connectionId + " on this node"));
        }
        return own.get().measurePing(pingTimeout(), scheduler());
    }

    @Override
    public int disconnectUser(String user, Optional<Instant> identityExpiry, int code, String reason) {
        return broker().disconnectUser(user, identityExpiry, code, reason);
    }

    @Override
    public int disconnectAll(int code, String reason) {
        List<Connection> open = registry().snapshot();
        open.forEach(c -> c.close(code, reason));
        return open.size();
    }

    /** The lanes of publications and the bound of a connection's own masks. */
    abstract OutboundLanes outboundLanes();

    @Override
    public boolean throttle(String connectionId, long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("a throttle is a non-negative number of bytes per second");
        }
        Optional<HubConnection> own = registry().lookup(connectionId);
        if (own.isEmpty()) {
            return false;
        }
        try {
            own.get().throttle(bytesPerSecond, scheduler());
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    @Override
    public boolean prioritize(String connectionId, String channelMask, Priority priority) {
        OutboundLanes.ChannelPriority entry = OutboundLanes.entry(channelMask, priority);
        Optional<HubConnection> own = registry().lookup(connectionId);
        if (own.isEmpty()) {
            return false;
        }
        try {
            own.get().prioritize(entry, outboundLanes().maxMasks());
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
