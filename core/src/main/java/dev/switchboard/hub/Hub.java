package dev.switchboard.hub;

import dev.switchboard.api.Audience;
import dev.switchboard.api.AuthenticationException;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Publication;
import dev.switchboard.api.event.BinaryMessageEvent;
import dev.switchboard.api.event.ConnectEvent;
import dev.switchboard.api.event.DisconnectEvent;
import dev.switchboard.api.event.ErrorEvent;
import dev.switchboard.api.event.MessageEvent;
import dev.switchboard.cdi.Beans;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.Authenticator;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.InboundMessageCheck;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hub: Switchboard's {@link Gateway}, and the place transports report connection lifecycle to.
 *
 * <p>Transports call {@link #register}, then the handler's {@code onOpen}, then {@link #opened}; for each
 * message {@link #messageReceived} / {@link #binaryReceived}; on failure {@link #failed}; and {@link #closed}
 * exactly once. Lifecycle CDI events are fired only for event types that have observers, so an application
 * that observes nothing pays nothing per message.
 */
@ApplicationScoped
public class Hub implements Gateway {

    private static final System.Logger LOG = System.getLogger(Hub.class.getName());

    @Inject
    ConnectionRegistry registry;

    @Inject
    SwitchboardConfig config;

    @Inject
    BeanManager beanManager;

    @Inject
    Instance<HistoryStore> historyStores;

    @Inject
    @Any
    Instance<InboundMessageCheck> inboundCheckBeans;

    private List<InboundMessageCheck> inboundChecks = List.of();

    private IdentityExpiry identityExpiry;

    @Inject
    Instance<Authenticator> authenticators;

    /**
     * Implemented by a transport's wrapper of a subprotocol handler that needs a publication as an object frame
     * rather than text (the SSE transport adds the history position to each event per connection). The hub calls
     * it instead of {@link SubprotocolHandler#encodePublication}, once per publication and wrapper instance.
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

    private static final int CHANNEL_LOCK_STRIPES = 64;

    private ChannelIndex channels;
    private HistoryStore history;
    // Appending to the history and queueing to the subscribers happen under one lock per channel (striped), so
    // subscribers see a channel's offsets in order and a resuming subscriber's replay cannot interleave with them.
    private final ReentrantLock[] channelLocks = new ReentrantLock[CHANNEL_LOCK_STRIPES];
    private final GroupIndex groups = new GroupIndex();
    private volatile Map<Class<?>, Boolean> observed = Map.of();
    private ClientBudgets budgets = ClientBudgets.DEFAULTS;
    private final LongAdder budgetRefusals = new LongAdder();

    @PostConstruct
    void init() {
        identityExpiry = IdentityExpiry.fromConfiguration();
        budgets = ClientBudgets.read(ConfigReader.standard());
        channels = new ChannelIndex(config.channelMasks());
        Map<Class<?>, Boolean> found = new IdentityHashMap<>();
        for (Object sample : List.of(
                new ConnectEvent(null),
                new MessageEvent(null, null),
                new BinaryMessageEvent(null, null),
                new ErrorEvent(null, null),
                new DisconnectEvent(null, 0, null))) {
            found.put(
                    sample.getClass(),
                    !beanManager.resolveObserverMethods(sample).isEmpty());
        }
        observed = found;
        history = historyStores != null && historyStores.isResolvable() ? historyStores.get() : null;
        inboundChecks = inboundCheckBeans == null ? List.of() : Beans.ordered(inboundCheckBeans);
        for (int i = 0; i < channelLocks.length; i++) {
            channelLocks[i] = new ReentrantLock();
        }
    }

    @PreDestroy
    void stop() {
        identityExpiry.stop();
    }

    /**
     * The store that keeps channel history, when one is configured.
     *
     * @return the store, or empty when history is off
     */
    public Optional<HistoryStore> historyStore() {
        return Optional.ofNullable(history);
    }

    /**
     * Subscribes a connection to one exact channel after running {@code beforeLive}, with no publication to that
     * channel in between: a transport replays the missed history in {@code beforeLive} (queueing frames to the
     * connection), and every publication after it reaches the connection live, in offset order, none twice.
     *
     * @param connection the connection
     * @param channel    one exact channel name
     * @param beforeLive what to do first, under the channel's publication lock; it must not block for long
     * @return true when the connection was not subscribed to the channel before
     */
    public boolean subscribeAfter(Connection connection, String name, Runnable beforeLive) {
        String channel = ChannelNames.canonical(name);
        ReentrantLock lock = channelLock(channel);
        lock.lock();
        try {
            beforeLive.run();
            return channels.subscribe((BaseConnection) connection, channel);
        } finally {
            lock.unlock();
        }
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
        BaseConnection base = (BaseConnection) connection;
        int budget = budgets.subscriptionsOf(connection);
        if (channels.subscriptionCount(base) < budget || channels.isSubscribed(base, name)) {
            return Optional.empty();
        }
        return Optional.of("a connection " + (ClientBudgets.isAnonymous(connection) ? "without login " : "")
                + "may hold " + budget + " subscriptions");
    }

    /**
     * Counts a request refused for exceeding a budget, for the connection's {@link Connection#stats()} and the
     * hub's total.
     *
     * @param connection the refused connection
     */
    public void budgetRefused(Connection connection) {
        budgetRefusals.increment();
        if (connection instanceof BaseConnection base) {
            base.countBudgetRefusal();
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

    private ReentrantLock channelLock(String channel) {
        return channelLocks[Math.floorMod(channel.hashCode(), channelLocks.length)];
    }

    // ---- transport side -------------------------------------------------------------------------------

    /**
     * Makes a new connection visible to the gateway; called before the handler's {@code onOpen}.
     *
     * @param connection the connection
     */
    public void register(BaseConnection connection) {
        registry.add(connection);
    }

    /**
     * Reports that the handler has seen the connection open; fires {@link ConnectEvent}.
     *
     * @param connection the connection
     */
    public void opened(BaseConnection connection) {
        for (InboundMessageCheck check : inboundChecks) {
            try {
                check.opened(connection);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Inbound check " + check.getClass().getName() + " failed",
                        e);
            }
        }
        identityExpiry.watch(connection);
        fire(new ConnectEvent(connection));
    }

    /**
     * Asks the {@link InboundMessageCheck} beans about an inbound text message; transports call it before the
     * handler and, on a refusal, drop the message and close the connection with the verdict's code.
     *
     * @param connection the connection
     * @param message    the message
     * @return the first refusal, or empty to deliver
     */
    public Optional<InboundMessageCheck.Verdict.Refuse> inspectText(BaseConnection connection, String message) {
        for (InboundMessageCheck check : inboundChecks) {
            if (inspected(check.getClass(), () -> check.checkText(connection, message))
                    instanceof InboundMessageCheck.Verdict.Refuse refuse) {
                return Optional.of(refuse);
            }
        }
        return Optional.empty();
    }

    /**
     * Asks the {@link InboundMessageCheck} beans about an inbound binary message, as {@link #inspectText} does.
     *
     * @param connection the connection
     * @param message    the message; not consumed
     * @return the first refusal, or empty to deliver
     */
    public Optional<InboundMessageCheck.Verdict.Refuse> inspectBinary(BaseConnection connection, ByteBuffer message) {
        for (InboundMessageCheck check : inboundChecks) {
            if (inspected(check.getClass(), () -> check.checkBinary(connection, message.asReadOnlyBuffer()))
                    instanceof InboundMessageCheck.Verdict.Refuse refuse) {
                return Optional.of(refuse);
            }
        }
        return Optional.empty();
    }

    private static InboundMessageCheck.Verdict inspected(
            Class<?> type, java.util.function.Supplier<InboundMessageCheck.Verdict> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            // The contract: a broken check accepts, so one faulty bean cannot cut every connection.
            LOG.log(System.Logger.Level.ERROR, "Inbound check " + type.getName() + " failed; message accepted", e);
            return InboundMessageCheck.Verdict.ACCEPT;
        }
    }

    /**
     * Reports an inbound text message, after the handler saw it; fires {@link MessageEvent}.
     *
     * @param connection the connection
     * @param message    the message
     */
    public void messageReceived(BaseConnection connection, String message) {
        fire(new MessageEvent(connection, message));
    }

    /**
     * Reports an inbound binary message, after the handler saw it; fires {@link BinaryMessageEvent}.
     *
     * @param connection the connection
     * @param message    the message
     */
    public void binaryReceived(BaseConnection connection, ByteBuffer message) {
        fire(new BinaryMessageEvent(connection, message.asReadOnlyBuffer()));
    }

    /**
     * Reports a transport failure; fires {@link ErrorEvent}.
     *
     * @param connection the connection
     * @param error      the failure
     */
    public void failed(BaseConnection connection, Throwable error) {
        fire(new ErrorEvent(connection, error));
    }

    /**
     * Forgets a closed connection: registry, subscriptions and groups; then fires {@link DisconnectEvent}.
     *
     * @param connection the connection
     * @param code       the close code
     * @param reason     the close reason
     */
    public void closed(BaseConnection connection, int code, String reason) {
        connection.markClosed();
        registry.remove(connection);
        channels.unsubscribeAll(connection);
        groups.leaveAll(connection);
        identityExpiry.forget(connection);
        for (InboundMessageCheck check : inboundChecks) {
            try {
                check.closed(connection);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Inbound check " + check.getClass().getName() + " failed",
                        e);
            }
        }
        fire(new DisconnectEvent(connection, code, reason == null ? "" : reason));
    }

    private void fire(Object event) {
        if (!observed.getOrDefault(event.getClass(), Boolean.TRUE)) {
            return;
        }
        try {
            beanManager.getEvent().fire(event);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "An observer of " + event.getClass().getSimpleName() + " failed",
                    e);
        }
    }

    // ---- Gateway --------------------------------------------------------------------------------------

    @Override
    public Identity reauthenticate(Connection connection, String kind, String credential)
            throws AuthenticationException {
        if (!(connection instanceof BaseConnection base)) {
            throw new IllegalArgumentException("Not a connection of this hub: " + connection);
        }
        if (authenticators == null || !authenticators.isResolvable()) {
            throw new AuthenticationException("authentication is not installed");
        }
        Identity refreshed = authenticators.get().verify(connection, kind, credential);
        // principal() is the current identity, or the container's principal when the connection has none.
        String currentName =
                base.principal().map(java.security.Principal::getName).orElse(null);
        if (currentName != null && !currentName.equals(refreshed.name())) {
            // A refresh keeps who the connection is; switching users means a new connection.
            throw new AuthenticationException("the credential names another user");
        }
        base.identity(refreshed);
        identityExpiry.watch(base);
        LOG.log(
                System.Logger.Level.DEBUG,
                "Connection {0} of {1} refreshed its credential ({2})",
                base.id(),
                LogSafe.of(refreshed.name()),
                refreshed.method());
        return refreshed;
    }

    @Override
    public Optional<Connection> connection(String id) {
        return registry.find(id);
    }

    @Override
    public List<Connection> connections() {
        return registry.snapshot();
    }

    @Override
    public int connectionCount() {
        return registry.count();
    }

    @Override
    public boolean send(String connectionId, String text) {
        return registry.find(connectionId).map(c -> c.sendText(text)).orElse(false);
    }

    @Override
    public boolean send(String connectionId, ByteBuffer data) {
        return registry.find(connectionId).map(c -> c.sendBinary(data)).orElse(false);
    }

    @Override
    public int broadcast(String text, Audience audience) {
        return deliver(new OutboundQueue.Frame(text, BaseConnection.utf8Length(text)), audience);
    }

    @Override
    public int broadcast(ByteBuffer data, Audience audience) {
        ByteBuffer shared = data.asReadOnlyBuffer();
        return deliver(new OutboundQueue.Frame(shared, shared.remaining()), audience);
    }

    private int deliver(OutboundQueue.Frame frame, Audience audience) {
        int count = 0;
        for (Connection connection : audienceMembers(audience)) {
            if (audience.admits(connection) && ((BaseConnection) connection).sendFrame(frame)) {
                count++;
            }
        }
        return count;
    }

    private Collection<? extends Connection> audienceMembers(Audience audience) {
        if (audience.channel().isEmpty()) {
            return registry.snapshot();
        }
        // A set, so an audience of many channels and many subscribers is gathered in linear time.
        Set<BaseConnection> members = new LinkedHashSet<>();
        for (String channel : channels.expandForPublish(audience.channel().get())) {
            members.addAll(channels.subscribersOf(channel));
        }
        return members;
    }

    @Override
    public int publish(String channelSpec, String message) {
        return publish(channelSpec, message, Optional.empty());
    }

    @Override
    public int publish(String channelSpec, String message, Connection publisher) {
        return publish(channelSpec, message, Optional.of(publisher.id()));
    }

    private int publish(String channelSpec, String message, Optional<String> publisher) {
        int count = 0;
        for (String channel : channels.expandForPublish(channelSpec)) {
            ReentrantLock lock = channelLock(channel);
            lock.lock();
            try {
                HistoryStore.Position position = append(channel, message);
                count += fanOut(
                        new Publication(channel, message, publisher, position.offset(), position.epoch()),
                        channels.subscribersOf(channel));
            } finally {
                lock.unlock();
            }
        }
        return count;
    }

    private HistoryStore.Position append(String channel, String message) {
        if (history == null) {
            return HistoryStore.Position.NONE;
        }
        try {
            return history.append(channel, message);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Storing a publication to " + LogSafe.of(channel) + " in the history failed;"
                            + " it is delivered live but cannot be replayed",
                    e);
            return HistoryStore.Position.NONE;
        }
    }

    /** Encodes the publication once per subprotocol handler and queues the shared frame to each subscriber. */
    private int fanOut(Publication publication, Collection<BaseConnection> subscribers) {
        Map<SubprotocolHandler, OutboundQueue.Frame> encoded = new IdentityHashMap<>(4);
        int count = 0;
        for (BaseConnection subscriber : subscribers) {
            OutboundQueue.Frame frame = encoded.get(subscriber.handler());
            if (frame == null) {
                try {
                    if (subscriber.handler() instanceof FrameEncoder encoder) {
                        frame = encoder.encodePublicationFrame(publication);
                    } else {
                        String text = subscriber.handler().encodePublication(publication);
                        frame = new OutboundQueue.Frame(text, BaseConnection.utf8Length(text));
                    }
                } catch (RuntimeException e) {
                    LOG.log(
                            System.Logger.Level.ERROR,
                            "Encoding a publication to " + LogSafe.of(publication.channel()) + " for "
                                    + subscriber.subprotocol().orElse("plain") + " connections failed",
                            e);
                    frame = new OutboundQueue.Frame(null, -1);
                }
                encoded.put(subscriber.handler(), frame);
            }
            if (frame.size() >= 0 && subscriber.sendFrame(frame)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public List<String> subscribe(Connection connection, String channelSpec) {
        List<String> subscribed = new ArrayList<>();
        for (String name : ChannelIndex.split(channelSpec)) {
            if (channels.subscribe((BaseConnection) connection, name)) {
                subscribed.add(name);
            }
        }
        return subscribed;
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
        return channels.subscribe((BaseConnection) connection, name);
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
        BaseConnection base = (BaseConnection) connection;
        List<String> removed = new ArrayList<>();
        Set<String> own = channels.subscriptions(base);
        for (String name : ChannelIndex.split(channelSpec)) {
            if (own.contains(name)) {
                if (channels.unsubscribe(base, name)) {
                    removed.add(name);
                }
            } else if (channels.isMask(name)) {
                ChannelMask mask = ChannelMask.compile(name);
                for (String subscription : own) {
                    if (mask.matches(subscription) && channels.unsubscribe(base, subscription)) {
                        removed.add(subscription);
                    }
                }
            }
        }
        return removed;
    }

    @Override
    public List<String> unsubscribeAll(Connection connection) {
        return channels.unsubscribeAll((BaseConnection) connection);
    }

    @Override
    public Set<String> subscriptions(Connection connection) {
        return channels.subscriptions((BaseConnection) connection);
    }

    @Override
    public Set<String> channels() {
        return channels.names();
    }

    @Override
    public void joinGroup(String group, Connection connection) {
        groups.join(group, (BaseConnection) connection);
    }

    @Override
    public void leaveGroup(String group, Connection connection) {
        groups.leave(group, (BaseConnection) connection);
    }

    @Override
    public Set<String> groups(Connection connection) {
        return groups.groupsOf((BaseConnection) connection);
    }

    @Override
    public int sendToGroups(String groupPattern, String text) {
        OutboundQueue.Frame frame = new OutboundQueue.Frame(text, BaseConnection.utf8Length(text));
        int count = 0;
        for (BaseConnection member : groups.members(groupPattern)) {
            if (member.sendFrame(frame)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public boolean disconnect(String connectionId, int code, String reason) {
        Optional<Connection> connection = registry.find(connectionId);
        connection.ifPresent(c -> c.close(code, reason));
        return connection.isPresent();
    }

    @Override
    public int disconnectAll(int code, String reason) {
        List<Connection> open = registry.snapshot();
        open.forEach(c -> c.close(code, reason));
        return open.size();
    }
}
