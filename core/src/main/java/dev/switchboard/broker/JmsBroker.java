package dev.switchboard.broker;

import dev.switchboard.api.Audience;
import dev.switchboard.api.Publication;
import dev.switchboard.broker.internal.ChannelLanes;
import dev.switchboard.broker.internal.ChannelOrder;
import dev.switchboard.broker.internal.ClusterInbound;
import dev.switchboard.broker.internal.ClusterLink;
import dev.switchboard.broker.internal.ClusterLink.LinkDownException;
import dev.switchboard.broker.internal.ClusterWire;
import dev.switchboard.broker.internal.RecentKeys;
import dev.switchboard.cluster.ClusterInbox;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.history.StoredPayload;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.PublicationRefusedException;
import dev.switchboard.spi.ReplayPlan;
import dev.switchboard.spi.Scheduler;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Topic;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The cluster's broker: every request goes to this node's hub and, over one Jakarta Messaging topic, to every other
 * node's. Chosen instead of the in-memory broker when {@code switchboard.cluster.enabled} is true.
 *
 * <p><b>Offsets and order.</b> With a {@linkplain HistoryStore#shared() shared} history store (JDBC on a database
 * every node uses), the store is the cluster's sequencer: the publishing node appends (the database serialises
 * appends per channel across nodes and hands out the offset), then sends the publication with its position; every
 * node, the publisher's included, puts each channel's publications back into offset order ({@link ChannelOrder}),
 * filling a hole from the store when a publication waited longer than {@code reorder-wait}. So every node delivers a
 * channel's publications in one order with the same offsets, and a client resumes on any node. With a store of
 * each node's own (memory), each node numbers the publications it receives in its own store: order and offsets are
 * per node, and a client that resumes on another node is told of an {@code epoch} gap. Without history,
 * publications carry no position and keep the order in which each publishing node sent them.
 *
 * <p><b>Assured publications</b> (sgc QoS 1 and 2) are sent with persistent delivery and accepted only once the
 * messaging broker took them (and, with a shared store, once they were committed there): a node that dies after the
 * publisher's acknowledgment does not lose them. While the messaging link is down they are refused, so the client
 * keeps them and retries. Other publications still reach this node's subscribers (and a shared store) while the
 * link is down; other nodes get them only by resuming from the shared history, or when a later publication of the
 * channel makes them read the hole.
 *
 * <p>Broadcasts, group messages, sends to a connection of another node, disconnects and announcements are sent
 * without persistence: a node cut off at that moment misses them.
 */
public class JmsBroker implements Broker, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JmsBroker.class.getName());

    private static final int LOCK_STRIPES = 64;
    /** Most channels whose order is tracked at once. */
    private static final int ORDERED_CHANNELS = 65_536;

    private static final int OWN_WAITING_MAX = 100_000;

    /** One of this node's own publications waiting in the cluster's offset order. */
    private record Waiting(String channel, String epoch, long offset) {}

    private final ClusterSettings settings;
    private final BrokerHistory history;
    private final ChannelLanes lanes;
    private final RecentKeys recentKeys;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final ClusterLink link;
    private final ChannelOrder order;
    /**
     * When this node's broker was handed each of its own publications that wait in the cluster's offset order, so
     * that their publish-to-enqueue time covers the wait; bounded, a publication over the bound is not timed.
     */
    private final ConcurrentHashMap<Waiting, Long> ownWaiting = new ConcurrentHashMap<>();

    private final ClusterInbound inbound;
    private final ClusterInbox inbox;
    private final Consumer<Message> receiver;
    private volatile Delivery delivery;

    /**
     * Creates the broker; it joins the topic when the hub {@linkplain #attach attaches}.
     *
     * @param settings      the cluster settings
     * @param brokerSettings the lane and idempotency bounds
     * @param history       the history store, or null to keep none
     * @param scheduler     where lanes, waits and reconnection run
     * @param factory       finds the connection factory
     * @param topic         finds the topic on a context
     * @param inbox         where a message-driven bean hands messages in {@code mdb} mode
     * @param announcements receives the other nodes' announcements (fires the CDI event)
     */
    public JmsBroker(
            ClusterSettings settings,
            BrokerSettings brokerSettings,
            HistoryStore history,
            Scheduler scheduler,
            Supplier<ConnectionFactory> factory,
            Function<JMSContext, Topic> topic,
            ClusterInbox inbox,
            Consumer<Announcement> announcements) {
        this.settings = settings;
        this.history = new BrokerHistory(history, brokerSettings.historyRetry());
        this.lanes = history != null && history.mayBlock()
                ? new ChannelLanes(scheduler::execute, brokerSettings.laneCapacity(), brokerSettings.laneWait())
                : null;
        this.recentKeys = new RecentKeys(brokerSettings.recentKeys());
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
        this.order = history != null && history.shared()
                ? new ChannelOrder(history, scheduler, settings.reorderWait(), ORDERED_CHANNELS, this::deliverOrdered)
                : null;
        this.inbound = new ClusterInbound(settings.nodeId(), this::delivery, this::received, announcements);
        this.link = new ClusterLink(settings, factory, topic, scheduler, inbound::onMessage);
        this.inbox = inbox;
        this.receiver = inbound::onMessage;
    }

    @Override
    public void attach(Delivery hub) {
        delivery = hub;
        if (settings.receiver() == ClusterSettings.Receiver.MDB && inbox != null) {
            inbox.register(receiver);
        }
        link.start();
        LOG.log(
                System.Logger.Level.INFO,
                "Cluster node {0}: {1}",
                settings.nodeId(),
                order != null
                        ? "offsets and history shared through the history store"
                        : history.store() != null
                                ? "history kept per node (resuming on another node reports an epoch gap)"
                                : "no history");
    }

    /** Leaves the topic. */
    @Override
    public void close() {
        if (inbox != null) {
            inbox.unregister(receiver);
        }
        link.close();
    }

    @Override
    public boolean linked() {
        return link.up();
    }

    /**
     * This node's id in the cluster.
     *
     * @return the id
     */
    public String nodeId() {
        return settings.nodeId();
    }

    // ---- publications -----------------------------------------------------------------------------------

    @Override
    public CompletionStage<Accepted> publish(Publish publish, Runnable onAccepted) {
        String channel = publish.channel();
        if (publish.assured() && !link.up()) {
            return refused(channel, "the cluster link is down; publication refused, try again");
        }
        Optional<String> key = publish.idempotencyKey();
        if (key.isPresent() && !recentKeys.claim(channel, key.get())) {
            onAccepted.run();
            return CompletableFuture.completedFuture(new Accepted(0, true));
        }
        CompletableFuture<Accepted> accepted = new CompletableFuture<>();
        // Nobody was promised a QoS 0 publication: it is accepted once queued in its channel's lane, so a stalled
        // history store holds its publisher only while the lane is full. An assured one is accepted once stored and
        // sent.
        boolean acceptWhenQueued = lanes != null && !publish.assured();
        Runnable work = () -> {
            try {
                publishHere(publish, acceptWhenQueued ? () -> {} : onAccepted);
                accepted.complete(new Accepted(0, false));
            } catch (RuntimeException e) {
                // A refusal or a failure: either way the publisher may retry with the same key.
                key.ifPresent(k -> recentKeys.release(channel, k));
                accepted.completeExceptionally(e);
            }
        };
        if (lanes == null) {
            underChannelLock(channel, work);
            return accepted;
        }
        if (acceptWhenQueued) {
            // The lane may run the task before submit returns, so the acceptance runs first inside it.
            if (lanes.submit(channel, () -> {
                onAccepted.run();
                work.run();
            })) {
                return CompletableFuture.completedFuture(new Accepted(0, false));
            }
        } else if (lanes.submit(channel, work)) {
            return accepted;
        }
        key.ifPresent(k -> recentKeys.release(channel, k));
        return refused(
                channel,
                "the history of channel " + LogSafe.of(channel) + " is behind; publication refused, try again");
    }

    /**
     * Appends, sends and delivers one publication, on the publisher's thread under the channel's lock or on the
     * channel's lane: one at a time per channel on this node.
     */
    private void publishHere(Publish publish, Runnable onAccepted) {
        long handed = System.nanoTime();
        String channel = publish.channel();
        if (order != null) {
            // The shared store numbers it for the cluster; committed before it is sent, so a node that misses the
            // message reads it from the store.
            Position position = history.append(channel, publish.message(), publish.binary());
            Publication publication = new Publication(
                    channel,
                    publish.message(),
                    publish.publisher(),
                    position.offset(),
                    position.epoch(),
                    publish.binary(),
                    publish.properties());
            sendAndAccept(publication, publish.assured(), onAccepted);
            if (position.isPresent()) {
                if (ownWaiting.size() < OWN_WAITING_MAX) {
                    ownWaiting.put(new Waiting(channel, position.epoch(), position.offset()), handed);
                }
                order.offer(publication);
            } else {
                deliverHere(publication, handed);
            }
            return;
        }
        // Each node numbers what it receives in its own store (or keeps no history): send first, so an assured
        // publication is refused before this node delivers it when the messaging broker cannot take it.
        Publication unpositioned = new Publication(
                channel, publish.message(), publish.publisher(), 0, "", publish.binary(), publish.properties());
        sendAndAccept(unpositioned, publish.assured(), onAccepted);
        Position position = history.append(channel, publish.message(), publish.binary());
        deliverHere(unpositioned.at(position.offset(), position.epoch()), handed);
    }

    /**
     * Sends a publication and runs its acceptance: after the send for a promised one (accepted once the messaging
     * broker holds it too), before it for any other.
     */
    private void sendAndAccept(Publication publication, boolean assured, Runnable onAccepted) {
        if (assured) {
            send(publication, true);
            onAccepted.run();
        } else {
            onAccepted.run();
            send(publication, false);
        }
    }

    private void send(Publication publication, boolean assured) {
        try {
            link.send(
                    publication.channel(),
                    context -> ClusterWire.publication(
                            context,
                            settings.nodeId(),
                            new ClusterWire.PublicationRequest(
                                    publication.channel(),
                                    // The stored form carries a binary payload's kind without another property.
                                    StoredPayload.encode(publication.message(), publication.binary()),
                                    publication.publisher(),
                                    publication.epoch(),
                                    publication.offset(),
                                    publication.properties())),
                    assured);
        } catch (LinkDownException e) {
            if (assured && order == null) {
                throw new PublicationRefusedException(
                        publication.channel(), "the cluster link is down; publication refused, try again");
            }
            // With a shared store the publication is committed: the other nodes read it from there.
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "A publication to {0} reached this node only: {1}",
                    LogSafe.of(publication.channel()),
                    e.getMessage());
        }
    }

    /** A publication of another node: ordered by its shared position, or numbered in this node's own store. */
    private void received(ClusterWire.PublicationRequest request) {
        String channel = request.channel();
        if (order != null && !request.epoch().isEmpty()) {
            order.offer(StoredPayload.publication(
                    channel,
                    request.message(),
                    request.publisher(),
                    request.offset(),
                    request.epoch(),
                    request.properties()));
            return;
        }
        if (order != null || history.store() == null) {
            // A shared store that failed the append on the publishing node, or no history: no position.
            deliverHere(StoredPayload.publication(
                    channel, request.message(), request.publisher(), 0, "", request.properties()));
            return;
        }
        Runnable work = () -> {
            // The request carries the stored form already: appended as it came.
            Position position = history.append(
                    channel, StoredPayload.message(request.message()), StoredPayload.isBinary(request.message()));
            deliverHere(StoredPayload.publication(
                    channel,
                    request.message(),
                    request.publisher(),
                    position.offset(),
                    position.epoch(),
                    request.properties()));
        };
        if (lanes != null) {
            if (!lanes.submit(channel, work)) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "The history of {0} is behind; a publication of another node is delivered without a position",
                        LogSafe.of(channel));
                deliverHere(StoredPayload.publication(
                        channel, request.message(), request.publisher(), 0, "", request.properties()));
            }
            return;
        }
        underChannelLock(channel, work);
    }

    /** Runs work of a channel one at a time on this node (a striped lock), when no lane orders it. */
    private void underChannelLock(String channel, Runnable work) {
        ReentrantLock lock = locks[Math.floorMod(channel.hashCode(), locks.length)];
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    private void deliverHere(Publication publication) {
        deliverHere(publication, -1);
    }

    /** Delivers what the cluster's offset order releases; this node's own publications with their handing time. */
    private void deliverOrdered(Publication publication) {
        Long handed = ownWaiting.isEmpty()
                ? null
                : ownWaiting.remove(new Waiting(publication.channel(), publication.epoch(), publication.offset()));
        deliverHere(publication, handed == null ? -1 : handed);
    }

    /** Delivers to this node; {@code handed} is when this node's broker was handed it, or -1 for another's. */
    private void deliverHere(Publication publication, long handed) {
        try {
            if (handed == -1) {
                delivery().deliverPublication(publication);
            } else {
                delivery().deliverPublication(publication, handed);
            }
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "Delivering a publication to " + LogSafe.of(publication.channel()) + " failed",
                    e);
        }
    }

    private static CompletionStage<Accepted> refused(String channel, String why) {
        return CompletableFuture.failedFuture(new PublicationRefusedException(channel, why));
    }

    // ---- other requests ---------------------------------------------------------------------------------

    @Override
    public int broadcast(Object payload, Audience audience) {
        int here = delivery().deliverBroadcast(payload, audience);
        sendQuietly(
                audience.channel().orElse(""),
                context -> ClusterWire.broadcast(
                        context, settings.nodeId(), new ClusterWire.BroadcastRequest(payload, audience)),
                "a broadcast");
        return here;
    }

    @Override
    public int sendToGroups(String groupPattern, String text) {
        int here = delivery().deliverToGroups(groupPattern, text);
        sendQuietly(
                groupPattern,
                context -> ClusterWire.groups(
                        context, settings.nodeId(), new ClusterWire.GroupsRequest(groupPattern, text)),
                "a group message");
        return here;
    }

    @Override
    public boolean sendToConnection(String connectionId, Object payload) {
        if (delivery().deliverToConnection(connectionId, payload)) {
            return true;
        }
        return sendQuietly(
                connectionId,
                context -> ClusterWire.connection(
                        context, settings.nodeId(), new ClusterWire.ConnectionRequest(connectionId, payload)),
                "a message to a connection");
    }

    @Override
    public boolean disconnect(String connectionId, int code, String reason) {
        if (delivery().disconnect(connectionId, code, reason)) {
            return true;
        }
        return sendQuietly(
                connectionId,
                context -> ClusterWire.disconnect(
                        context, settings.nodeId(), new ClusterWire.DisconnectRequest(connectionId, code, reason)),
                "a disconnect");
    }

    @Override
    public boolean abortElsewhere(String connectionId) {
        return sendQuietly(
                connectionId,
                context -> ClusterWire.abort(context, settings.nodeId(), connectionId),
                "an abort of a connection");
    }

    @Override
    public boolean drainElsewhere(String connectionId, java.time.Duration timeout) {
        return sendQuietly(
                connectionId,
                context -> ClusterWire.drain(
                        context, settings.nodeId(), new ClusterWire.DrainRequest(connectionId, timeout)),
                "a drain of a connection");
    }

    @Override
    public int disconnectUser(String user, Optional<Instant> identityExpiry, int code, String reason) {
        int here = delivery().disconnectUser(user, identityExpiry, code, reason);
        sendQuietly(
                user,
                context -> ClusterWire.disconnectUser(
                        context,
                        settings.nodeId(),
                        new ClusterWire.DisconnectUserRequest(user, identityExpiry, code, reason)),
                "a disconnect of a user");
        return here;
    }

    @Override
    public void announce(Announcement announcement) {
        sendQuietly(
                announcement.subject(),
                context -> ClusterWire.announcement(context, settings.nodeId(), announcement),
                "an announcement (" + announcement.subject() + ")");
    }

    /** Sends without persistence; a link that is down makes the request this node's only. */
    private boolean sendQuietly(String key, ClusterLink.MessageBuilder builder, String what) {
        try {
            link.send(key, builder, false);
            return true;
        } catch (LinkDownException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} reached this node only: {1}", what, e.getMessage());
            return false;
        }
    }

    // ---- history ----------------------------------------------------------------------------------------

    @Override
    public ReplayPlan replay(String channel, Optional<Position> since, int limit) {
        return history.replay(channel, since, limit);
    }

    @Override
    public Position head(String channel) {
        return history.head(channel);
    }

    private Delivery delivery() {
        Delivery current = delivery;
        if (current == null) {
            throw new IllegalStateException("The cluster broker is not attached to a hub yet");
        }
        return current;
    }
}
