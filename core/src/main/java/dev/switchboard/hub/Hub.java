package dev.switchboard.hub;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Publication;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.spi.Authenticator;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.InboundMessageCheck;
import dev.switchboard.spi.ReplayPlan;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The hub: Switchboard's {@link Gateway} over the {@link Broker}, and the one object transports and protocols talk
 * to. Every publication, broadcast, group message, send and disconnect goes to the broker, which hands it back to
 * this node's {@link LocalDelivery}; subscriptions and groups are this node's own. Transport lifecycle calls go to
 * {@link ConnectionLifecycle}.
 *
 * <p>Transports call {@link #register}, then the handler's {@code onOpen}, then {@link #opened}; for each
 * message {@link #messageReceived} / {@link #binaryReceived}; on failure {@link #failed}; and {@link #closed}
 * exactly once. Lifecycle CDI events are fired only for event types that have observers.
 */
@ApplicationScoped
public class Hub extends GatewayOverBroker {

    @Inject
    ConnectionRegistry registry;

    @Inject
    SwitchboardConfig config;

    @Inject
    ClientBudgets budgets;

    @Inject
    ConfigReader reader;

    @Inject
    BeanManager beanManager;

    @Inject
    Broker broker;

    @Inject
    Scheduler scheduler;

    @Inject
    @Any
    Instance<InboundMessageCheck> inboundCheckBeans;

    @Inject
    Instance<Authenticator> authenticators;

    private LocalDelivery delivery;
    private ConnectionLifecycle lifecycle;
    private HubEvents events;
    private PropertyBudget propertyBudget = PropertyBudget.DEFAULTS;
    /** The default of {@link ConfigKeys#PING_TIMEOUT}. */
    static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(10);

    private Duration pingTimeout = DEFAULT_PING_TIMEOUT;
    private OutboundLanes lanes = OutboundLanes.NONE;
    private final LongAdder budgetRefusals = new LongAdder();

    /**
     * Implemented by a transport's wrapper of a subprotocol handler that needs a publication as an object frame
     * rather than text (the SSE transport adds the history position to each event per connection). The hub calls
     * it instead of {@link dev.switchboard.spi.SubprotocolHandler#encodePublication}, once per publication and
     * wrapper instance.
     */
    public interface FrameEncoder {
        /**
         * Encodes a publication into the frame every subscriber with this handler is sent.
         *
         * @param publication the publication
         * @return the shared frame; its payload is whatever the transport's {@code write} understands
         */
        OutboundQueue.Frame encodePublicationFrame(Publication publication);
    }

    @PostConstruct
    void init() {
        delivery = new LocalDelivery(registry, config.channelMasks(), scheduler, config.fanoutBatch());
        propertyBudget = PropertyBudget.read(reader);
        long pingSeconds = reader.getLong(ConfigKeys.PING_TIMEOUT, DEFAULT_PING_TIMEOUT.toSeconds());
        if (pingSeconds <= 0) {
            throw new IllegalArgumentException(ConfigKeys.PING_TIMEOUT + " must be positive: " + pingSeconds);
        }
        pingTimeout = Duration.ofSeconds(pingSeconds);
        lanes = OutboundLanes.read(reader);
        delivery.lanes(lanes);
        IdentityExpiry expiry = new IdentityExpiry(
                Duration.ofSeconds(reader.getLong(ConfigKeys.AUTH_REFRESH_WARNING, DEFAULT_REFRESH_WARNING)),
                scheduler);
        List<InboundMessageCheck> checks =
                inboundCheckBeans == null ? List.of() : BeanLookup.ordered(inboundCheckBeans);
        events = new HubEvents(beanManager);
        lifecycle = new ConnectionLifecycle(
                registry,
                delivery,
                events,
                checks,
                expiry,
                () -> authenticators != null && authenticators.isResolvable()
                        ? Optional.of(authenticators.get())
                        : Optional.empty(),
                scheduler::execute);
        broker.attach(delivery);
    }

    private static final long DEFAULT_REFRESH_WARNING = IdentityExpiry.DEFAULT_WARNING.toSeconds();

    @PreDestroy
    void stop() {
        lifecycle.stop();
    }

    /**
     * The one scheduler of this deployment, for transports that must act later without a thread of their own.
     *
     * @return the scheduler
     */
    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    Duration pingTimeout() {
        return pingTimeout;
    }

    @Override
    ConnectionRegistry registry() {
        return registry;
    }

    @Override
    Broker broker() {
        return broker;
    }

    /**
     * How much protocol metadata a publication may carry; protocols check it before publishing to refuse with
     * their own error.
     *
     * @return the budget
     */
    @Override
    public PropertyBudget propertyBudget() {
        return propertyBudget;
    }

    @Override
    LocalDelivery delivery() {
        return delivery;
    }

    @Override
    ConnectionLifecycle lifecycle() {
        return lifecycle;
    }

    @Override
    HubEvents events() {
        return events;
    }

    /**
     * The number of this node's connections subscribed to a channel name or mask itself; subscribers of masks that
     * match the name are not counted. For operator views.
     *
     * @param name a channel name or mask as {@link #channels()} lists it
     * @return the count, 0 for a name nobody is subscribed to
     */
    public int subscriberCount(String name) {
        return delivery().channels().subscriberCount(name);
    }

    /**
     * Installs the timers of publish-to-enqueue and of the cluster lag (see {@link LocalDelivery#timers}); null
     * uninstalls them.
     *
     * @param publishToEnqueue takes nanoseconds from a publication handed to the broker to its frames queued
     * @param clusterLag       takes milliseconds from another node's send of a publication to its arrival here
     */
    public void timers(java.util.function.LongConsumer publishToEnqueue, java.util.function.LongConsumer clusterLag) {
        delivery.timers(publishToEnqueue, clusterLag);
    }

    /**
     * Adds an observer of every publication this node delivers, for a protocol that keeps messages for clients that
     * are not connected (MQTT's persistent sessions queue while their client is offline). The observer is called after
     * the publication was queued to the channel's live subscribers, with the channel's delivery lock held, in the
     * channel's publication order: it must only record, never block. An exception is logged.
     *
     * @param observer takes each publication
     * @return removes the observer
     */
    public Runnable observePublications(Consumer<Publication> observer) {
        return delivery.observe(observer);
    }

    // ---- close, abort, drain of one connection --------------------------------------------------------

    @Override
    public boolean abort(String connectionId) {
        return delivery.abort(connectionId) || broker().abortElsewhere(connectionId);
    }

    @Override
    public boolean drain(String connectionId, Duration timeout) {
        // A connection of this node that is draining already is not asked for elsewhere: ids are unique.
        if (registry.lookup(connectionId).isPresent()) {
            return delivery.drain(connectionId, timeout);
        }
        return broker().drainElsewhere(connectionId, timeout);
    }

    // ---- resume ----------------------------------------------------------------------------------------

    /**
     * The channel's history position, as the broker reports it.
     *
     * @param channel one exact channel
     * @return the position, {@link Position#NONE} without history or when it cannot be read
     */
    public Position historyHead(String channel) {
        return broker.head(ChannelNames.canonical(channel));
    }

    /**
     * Subscribes a connection to one exact channel after running {@code beforeLive}, with no publication delivered
     * to that channel in between. A transport that replays history uses {@link #subscribeAfterReplay} instead, which
     * also keeps out publications the broker stored but had not yet delivered.
     *
     * @param connection the connection
     * @param name       one exact channel name
     * @param beforeLive what to do first, under the channel's delivery lock; it must not block for long
     * @return true when the connection was not subscribed to the channel before
     */
    public boolean subscribeAfter(Connection connection, String name, Runnable beforeLive) {
        boolean added = own(connection)
                .map(c -> delivery.subscribeAfter(c, name, beforeLive))
                .orElse(false);
        if (added) {
            subscribed(connection, ChannelNames.canonical(name));
        }
        return added;
    }

    /**
     * Resumes a connection on one exact channel: plans the replay from {@code since} with the broker, hands the plan
     * to {@code replay} (which queues the gap signal and the entries to the connection), and subscribes, all under
     * the channel's delivery lock. Every publication after the plan's position then reaches the connection live, in
     * offset order, and none of the replayed ones twice.
     *
     * @param connection the connection
     * @param name       one exact channel name
     * @param since      the client's last position, or empty for a client without one
     * @param limit      the most entries to replay
     * @param replay     queues the plan to the connection; it must not block for long
     * @return true when the connection was not subscribed to the channel before
     */
    public boolean subscribeAfterReplay(
            Connection connection, String name, Optional<Position> since, int limit, Consumer<ReplayPlan> replay) {
        String channel = ChannelNames.canonical(name);
        Optional<HubConnection> own = own(connection);
        if (own.isEmpty()) {
            replay.accept(broker.replay(channel, since, limit));
            return false;
        }
        boolean added =
                delivery.subscribeAfterReplay(own.get(), channel, () -> broker.replay(channel, since, limit), replay);
        if (added) {
            subscribed(connection, channel);
        }
        return added;
    }

    // ---- client budgets --------------------------------------------------------------------------------

    /**
     * The client budgets in force.
     *
     * @return the budgets
     */
    public ClientBudgets budgets() {
        return budgets;
    }

    /**
     * Splits a channel spec a client sent into canonical, distinct names, enforcing the channel limits; transports
     * and protocols call it for every client-supplied spec.
     *
     * @param channelSpec the spec (a name, a mask or a comma list)
     * @return the names, masks kept as they are
     * @throws ChannelNames.InvalidChannelException when a name or the list breaks a limit; the message may be shown
     *                                              to the client
     */
    public List<String> clientChannels(String channelSpec) {
        return ChannelNames.parseList(channelSpec, budgets.channels(), config.channelMasks());
    }

    /**
     * Tells whether subscribing a connection to one more name would exceed its subscription budget.
     *
     * @param connection the connection
     * @param name       one canonical name or mask
     * @return the reason to refuse, or empty when the subscription fits (or exists already)
     */
    public Optional<String> subscriptionRefusal(Connection connection, String name) {
        int budget = budgets.subscriptionsOf(connection);
        ChannelIndex channels = delivery.channels();
        if (channels.subscriptionCount(connection.id()) < budget || channels.isSubscribed(connection.id(), name)) {
            return Optional.empty();
        }
        return Optional.of("a connection " + (ClientBudgets.isAnonymous(connection) ? "without login " : "")
                + "may hold " + budget + " subscriptions");
    }

    /**
     * Counts a request refused for exceeding a budget, for the connection's {@link Connection#stats()} and the
     * hub's total.
     *
     * @param connection the refused connection; a transport may refuse one it has not registered yet
     */
    public void budgetRefused(Connection connection) {
        budgetRefusals.increment();
        Optional<HubConnection> own = own(connection);
        if (own.isPresent()) {
            own.get().countBudgetRefusal();
        } else if (connection instanceof HubConnection unregistered) {
            unregistered.countBudgetRefusal();
        }
    }

    /**
     * The number of client requests refused for exceeding a budget since start, over all connections.
     *
     * @return the count
     */
    public long budgetRefusals() {
        return budgetRefusals.sum();
    }

    // ---- transport side: one call per event of a connection's life, handled by ConnectionLifecycle -------

    /** Makes a new connection visible to the gateway; called before the handler's {@code onOpen}. */
    public void register(HubConnection connection) {
        if (lanes.throttle() > 0 && connection instanceof BaseConnection own) {
            own.throttle(lanes.throttle(), scheduler);
        }
        lifecycle.register(connection);
    }

    /**
     * The lanes of publications and the throttle of new connections.
     *
     * @return the settings
     */
    public OutboundLanes lanes() {
        return lanes;
    }

    @Override
    OutboundLanes outboundLanes() {
        return lanes;
    }

    /** Reports that the handler has seen the connection open; fires {@code ConnectEvent}. */
    public void opened(HubConnection connection) {
        lifecycle.opened(connection);
    }

    /**
     * Hands an inbound text message to a handler, as every transport does in its serial order: the
     * {@link InboundMessageCheck} beans judge it first (a refusal drops it and closes the connection with the
     * verdict's code), then the handler gets it, then the {@code MessageEvent} observers.
     *
     * @param connection the connection it arrived on
     * @param handler    the handler to give it to
     * @param message    the message
     * @return false when it was refused and the connection is closing
     */
    public boolean receiveText(HubConnection connection, SubprotocolHandler handler, String message) {
        if (connection.isDraining()) {
            // A draining connection only flushes what was queued to it; what it sends now is not read.
            return true;
        }
        Optional<InboundMessageCheck.Verdict.Refuse> refused = lifecycle.inspectText(connection, message);
        if (refused.isPresent()) {
            connection.close(refused.get().closeCode(), refused.get().reason());
            return false;
        }
        if (handler.receivesFragments()) {
            handler.onTextFragment(connection, message, true);
        } else {
            handler.onText(connection, message);
        }
        lifecycle.messageReceived(connection, message);
        return true;
    }

    /**
     * Hands an inbound binary message to a handler, as {@link #receiveText} does a text one. The handler gets its own
     * view of the bytes, which it may consume: the {@code BinaryMessageEvent} observers still see every byte.
     *
     * @param connection the connection it arrived on
     * @param handler    the handler to give it to
     * @param message    the message
     * @return false when it was refused and the connection is closing
     */
    public boolean receiveBinary(HubConnection connection, SubprotocolHandler handler, ByteBuffer message) {
        if (connection.isDraining()) {
            return true;
        }
        Optional<InboundMessageCheck.Verdict.Refuse> refused = lifecycle.inspectBinary(connection, message);
        if (refused.isPresent()) {
            connection.close(refused.get().closeCode(), refused.get().reason());
            return false;
        }
        if (handler.receivesFragments()) {
            handler.onBinaryFragment(connection, message.duplicate(), true);
        } else {
            handler.onBinary(connection, message.duplicate());
        }
        lifecycle.binaryReceived(connection, message);
        return true;
    }

    /**
     * Hands one fragment of an inbound message to a handler that {@linkplain SubprotocolHandler#receivesFragments
     * receives fragments}, as {@link #receiveText} does a whole message: the {@link InboundMessageCheck} beans judge
     * it first ({@link InboundMessageCheck#checkFragment}). No {@code MessageEvent} is fired: the message is never
     * whole.
     *
     * @param connection the connection it arrived on
     * @param handler    the handler to give it to
     * @param fragment   the fragment
     * @return false when it was refused and the connection is closing
     */
    public boolean receiveFragment(
            HubConnection connection, SubprotocolHandler handler, InboundMessageCheck.Fragment fragment) {
        if (connection.isDraining()) {
            return true;
        }
        // Taken before the checks, so a check that reads the bytes without a duplicate leaves the handler all of them.
        ByteBuffer bytes = fragment.isText() ? null : fragment.binary().duplicate();
        Optional<InboundMessageCheck.Verdict.Refuse> refused = lifecycle.inspectFragment(connection, fragment);
        if (refused.isPresent()) {
            connection.close(refused.get().closeCode(), refused.get().reason());
            return false;
        }
        if (bytes == null) {
            handler.onTextFragment(connection, fragment.text(), fragment.last());
        } else {
            handler.onBinaryFragment(connection, bytes, fragment.last());
        }
        return true;
    }

    /**
     * Hands a pong to a handler ({@link SubprotocolHandler#onPong}), then fires {@code PongEvent}, once the
     * {@link InboundMessageCheck} beans accepted it ({@link InboundMessageCheck#checkPong}; a refusal closes the
     * connection). The transport has already recorded it with {@link BaseConnection#pongReceived}, which measured any
     * round trip.
     *
     * @param connection the connection it arrived on
     * @param handler    the handler to give it to
     * @param payload    the pong's application data
     * @param roundTrip  the round trip it completed, if it answered a measuring ping
     */
    public void receivePong(
            HubConnection connection,
            SubprotocolHandler handler,
            ByteBuffer payload,
            Optional<java.time.Duration> roundTrip) {
        Optional<InboundMessageCheck.Verdict.Refuse> refused = lifecycle.inspectPong(connection, payload);
        if (refused.isPresent()) {
            connection.close(refused.get().closeCode(), refused.get().reason());
            return;
        }
        handler.onPong(connection, payload.asReadOnlyBuffer());
        lifecycle.pongReceived(connection, payload, roundTrip);
    }

    /** Reports a transport failure; fires {@code ErrorEvent}. */
    public void failed(HubConnection connection, Throwable error) {
        lifecycle.failed(connection, error);
    }

    /** Forgets a closed connection (registry, subscriptions, groups), then fires {@code DisconnectEvent}. */
    public void closed(HubConnection connection, int code, String reason) {
        lifecycle.closed(connection, code, reason);
    }
}
