package dev.switchboard.hub;

import dev.switchboard.api.Audience;
import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Priority;
import dev.switchboard.api.Publication;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.ReplayPlan;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.spi.SubprotocolHandler;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * This node's half of every message: who is subscribed to what and who is in which group, and the delivery of
 * what the {@link Broker} hands back to this node's connections. A publication is encoded once per subprotocol
 * handler and the shared frame is queued to each subscriber; a handler that builds each subscriber's frame itself
 * has it queued the same way, and in both cases the writes start once every frame is queued.
 *
 * <p>Publications to one channel are delivered under that channel's delivery lock (striped), in the order the
 * broker hands them over. A resuming subscriber is replayed and subscribed under the same lock; since the broker
 * appends to the history before it delivers, the replay may already hold publications not yet delivered live, so
 * the subscriber is given a floor (the replay's position) and live publications up to it are skipped for it:
 * nothing twice, nothing missed.
 */
final class LocalDelivery implements Broker.Delivery {

    private static final System.Logger LOG = System.getLogger(LocalDelivery.class.getName());

    private static final int LOCK_STRIPES = 64;

    private volatile LongConsumer publishToEnqueue;
    private volatile LongConsumer clusterLag;

    private final ConnectionRegistry registry;
    private final ChannelIndex channels;
    private final GroupIndex groups = new GroupIndex();
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    // channel -> connection -> the position its replay covered; only for resumes with deliveries possibly in flight.
    private final ConcurrentHashMap<String, Map<HubConnection, Position>> floors = new ConcurrentHashMap<>();
    private final List<Consumer<Publication>> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The lanes of publications in the outbound queues. */
    private volatile OutboundLanes lanes = OutboundLanes.NONE;

    /** Where a drain's deadline runs. */
    private final Scheduler scheduler;

    /** Fewest writes one parallel fan-out batch takes; 0 when every fan-out writes on the publishing thread. */
    private final int fanoutBatch;

    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

    LocalDelivery(ConnectionRegistry registry, boolean masksEnabled, Scheduler scheduler, int fanoutBatch) {
        this.registry = registry;
        this.scheduler = scheduler;
        this.fanoutBatch = fanoutBatch;
        this.channels = new ChannelIndex(masksEnabled);
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    ChannelIndex channels() {
        return channels;
    }

    GroupIndex groups() {
        return groups;
    }

    private ReentrantLock lock(String channel) {
        return locks[Math.floorMod(channel.hashCode(), locks.length)];
    }

    // ---- subscriptions ---------------------------------------------------------------------------------

    boolean subscribeAfter(HubConnection connection, String name, Runnable beforeLive) {
        String channel = ChannelNames.canonical(name);
        ReentrantLock lock = lock(channel);
        lock.lock();
        try {
            beforeLive.run();
            return channels.subscribe(connection, channel);
        } finally {
            lock.unlock();
        }
    }

    boolean subscribeAfterReplay(
            HubConnection connection, String name, Supplier<ReplayPlan> plan, Consumer<ReplayPlan> beforeLive) {
        String channel = ChannelNames.canonical(name);
        ReentrantLock lock = lock(channel);
        lock.lock();
        try {
            ReplayPlan replay = plan.get();
            beforeLive.accept(replay);
            boolean added = channels.subscribe(connection, channel);
            if (replay.position().isPresent() && connection.isOpen()) {
                // One atomic step: an unsubscribe of another connection (not under the channel lock) drops the map
                // once it is empty, and a put into a map it has just dropped would lose this floor, so the live
                // delivery of an entry just replayed would reach the connection a second time.
                floors.compute(channel, (key, map) -> {
                    Map<HubConnection, Position> held = map != null ? map : new ConcurrentHashMap<>();
                    held.put(connection, replay.position());
                    return held;
                });
            }
            return added;
        } finally {
            lock.unlock();
        }
    }

    /** Subscribes to each name of a spec; returns the names that were new. */
    List<String> subscribe(HubConnection connection, String channelSpec) {
        List<String> subscribed = new ArrayList<>();
        for (String name : ChannelIndex.split(channelSpec)) {
            if (channels.subscribe(connection, name)) {
                subscribed.add(name);
            }
        }
        return subscribed;
    }

    /** Removes the subscriptions a spec names, a mask removing every subscription it matches. */
    List<String> unsubscribeSpec(HubConnection connection, String channelSpec) {
        List<String> removed = new ArrayList<>();
        Set<String> current = channels.subscriptions(connection.id());
        for (String name : ChannelIndex.split(channelSpec)) {
            if (current.contains(name)) {
                if (unsubscribe(connection, name)) {
                    removed.add(name);
                }
            } else if (channels.isMask(name)) {
                ChannelMask mask = ChannelMask.compile(name);
                for (String subscription : current) {
                    if (mask.matches(subscription) && unsubscribe(connection, subscription)) {
                        removed.add(subscription);
                    }
                }
            }
        }
        return removed;
    }

    boolean unsubscribe(HubConnection connection, String name) {
        dropFloor(ChannelNames.canonical(name), connection);
        return channels.unsubscribe(connection, name);
    }

    List<String> unsubscribeAll(HubConnection connection) {
        List<String> removed = channels.unsubscribeAll(connection);
        for (String name : removed) {
            dropFloor(name, connection);
        }
        return removed;
    }

    /** What a closed connection held, for the events that tell of its end. */
    record Forgotten(List<String> subscriptions, Set<String> groups) {}

    /** Forgets a closed connection's subscriptions and groups. */
    Forgotten forget(HubConnection connection) {
        List<String> subscriptions = unsubscribeAll(connection);
        return new Forgotten(subscriptions, groups.leaveAll(connection));
    }

    private void dropFloor(String channel, HubConnection connection) {
        if (!floors.isEmpty()) {
            floors.computeIfPresent(channel, (key, map) -> {
                map.remove(connection);
                return map.isEmpty() ? null : map;
            });
        }
    }

    // ---- Broker.Delivery -------------------------------------------------------------------------------

    /**
     * Installs the timers of publish-to-enqueue and of the cluster lag; null uninstalls them. The metrics install
     * them when they start, so that nothing is timed while metrics are off.
     *
     * @param publishToEnqueue takes nanoseconds from a publication handed to the broker to its frames queued
     * @param clusterLag       takes milliseconds from another node's send of a publication to its arrival here
     */
    public void timers(LongConsumer publishToEnqueue, LongConsumer clusterLag) {
        this.publishToEnqueue = publishToEnqueue;
        this.clusterLag = clusterLag;
    }

    @Override
    public int deliverPublication(Publication publication, long handedNanos) {
        int queued = deliverPublication(publication);
        LongConsumer timer = publishToEnqueue;
        if (timer != null) {
            timer.accept(System.nanoTime() - handedNanos);
        }
        return queued;
    }

    @Override
    public void remotePublicationArrived(long sentEpochMillis) {
        LongConsumer timer = clusterLag;
        if (timer != null) {
            // Clocks of two hosts: a small negative difference is skew, not time travel.
            timer.accept(Math.max(0, System.currentTimeMillis() - sentEpochMillis));
        }
    }

    @Override
    public int deliverPublication(Publication publication) {
        String channel = publication.channel();
        ReentrantLock lock = lock(channel);
        Starts starts = null;
        lock.lock();
        try {
            Collection<HubConnection> subscribers = channels.subscribersOf(channel);
            Map<HubConnection, Position> resumed = floors.isEmpty() ? null : floors.get(channel);
            if (resumed != null) {
                subscribers = pastFloors(publication, subscribers, resumed);
            }
            starts = new Starts(subscribers.size());
            int count = fanOut(publication, subscribers, lanes.of(channel), starts);
            if (!observers.isEmpty()) {
                observe(publication);
            }
            return count;
        } finally {
            lock.unlock();
            // Every frame is queued, in order, under the channel's lock; the writes need no lock and may run anywhere.
            // Whatever went wrong meanwhile, a queue told to wait for its start must get it, or it never writes again.
            if (starts != null) {
                starts.run(fanoutBatch, scheduler);
            }
        }
    }

    /**
     * The connections a fan-out queued a frame to while they were idle, whose writes are still to start. They are
     * started after the channel's lock is released: on the publishing thread for a small fan-out, else in up to one
     * batch per processor, all but one handed to the scheduler, so that both the encoding-free writes of a large
     * fan-out and the next publication's queueing proceed on several cores at once.
     */
    private static final class Starts {
        private HubConnection[] connections;
        private int size;

        Starts(int expected) {
            connections = new HubConnection[Math.min(Math.max(expected, 1), 1024)];
        }

        void add(HubConnection connection) {
            if (size == connections.length) {
                connections = java.util.Arrays.copyOf(connections, size * 2);
            }
            connections[size++] = connection;
        }

        void run(int batch, Scheduler scheduler) {
            int batches = batch <= 0 ? 1 : Math.min(PROCESSORS, size / batch);
            if (batches <= 1) {
                startRange(0, size);
                return;
            }
            int per = (size + batches - 1) / batches;
            for (int from = per; from < size; from += per) {
                int start = from;
                int end = Math.min(size, from + per);
                try {
                    scheduler.execute(() -> startRange(start, end));
                } catch (RuntimeException notTaken) {
                    // A stopping scheduler refuses work; these queues wait for their start all the same.
                    startRange(start, end);
                }
            }
            startRange(0, Math.min(size, per));
        }

        private void startRange(int from, int to) {
            for (int i = from; i < to; i++) {
                try {
                    connections[i].startWriting();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "Starting the writes of " + connections[i].id() + " failed", e);
                }
            }
        }
    }

    /** Sets the lanes of publications; see {@link OutboundLanes}. */
    void lanes(OutboundLanes value) {
        lanes = value;
    }

    /** Adds an observer of every publication delivered here; see {@link Hub#observePublications}. */
    Runnable observe(Consumer<Publication> observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    private void observe(Publication publication) {
        for (Consumer<Publication> observer : observers) {
            try {
                observer.accept(publication);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "An observer of publications to " + LogSafe.of(publication.channel()) + " failed",
                        e);
            }
        }
    }

    /** The subscribers that did not get the publication in their replay; floors it passes are dropped. */
    private Collection<HubConnection> pastFloors(
            Publication publication, Collection<HubConnection> subscribers, Map<HubConnection, Position> resumed) {
        List<HubConnection> live = new ArrayList<>(subscribers.size());
        for (HubConnection subscriber : subscribers) {
            Position floor = resumed.get(subscriber);
            if (floor == null || !publication.hasPosition()) {
                live.add(subscriber);
                continue;
            }
            boolean sameEpoch = floor.epoch().equals(publication.epoch());
            if (!sameEpoch || publication.offset() >= floor.offset()) {
                dropFloor(publication.channel(), subscriber);
            }
            if (!sameEpoch || publication.offset() > floor.offset()) {
                live.add(subscriber);
            }
        }
        return live;
    }

    /** Marks a handler whose subscribers are each handed the publication: no shared frame. */
    private static final OutboundQueue.Frame PER_SUBSCRIBER = new OutboundQueue.Frame(null, 0);

    /**
     * Encodes the publication once per subprotocol handler and queues the shared frame to each subscriber; a handler
     * that delivers per subscriber is handed each of its subscribers instead.
     */
    private static int fanOut(
            Publication publication, Collection<HubConnection> subscribers, Priority nodeLane, Starts starts) {
        String channel = publication.channel();
        Map<SubprotocolHandler, OutboundQueue.Frame> encoded = null;
        // Subscribers of one channel mostly share one subprotocol: the last handler's frame is reused without a lookup.
        SubprotocolHandler lastHandler = null;
        OutboundQueue.Frame lastFrame = null;
        int count = 0;
        for (HubConnection subscriber : subscribers) {
            SubprotocolHandler handler = subscriber.handler();
            OutboundQueue.Frame frame;
            if (handler == lastHandler) {
                frame = lastFrame;
            } else {
                if (encoded == null) {
                    encoded = new IdentityHashMap<>(4);
                }
                frame = encoded.get(handler);
                if (frame == null) {
                    frame = encode(publication, subscriber);
                    encoded.put(handler, frame);
                }
                lastHandler = handler;
                lastFrame = frame;
            }
            Priority lane = subscriber.priorityOf(channel, nodeLane);
            if (frame == PER_SUBSCRIBER) {
                // The handler builds and sends this subscriber's frame now, in order; its write starts with the rest.
                subscriber.holdWrites();
                try {
                    if (deliverOne(publication, subscriber, lane)) {
                        count++;
                    }
                } finally {
                    if (subscriber.releaseWrites()) {
                        starts.add(subscriber);
                    }
                }
                continue;
            }
            if (frame.size() >= 0) {
                OutboundQueue.Queued queued = subscriber.enqueueFrame(frame, lane);
                if (queued != OutboundQueue.Queued.REFUSED) {
                    count++;
                    if (queued == OutboundQueue.Queued.START) {
                        starts.add(subscriber);
                    }
                }
            }
        }
        return count;
    }

    private static boolean deliverOne(Publication publication, HubConnection subscriber, Priority lane) {
        try {
            if (lane == Priority.NORMAL) {
                subscriber.handler().deliverPublication(subscriber, publication);
            } else {
                // What the handler sends for this publication waits in the publication's lane.
                BaseConnection.inLane(lane, () -> subscriber.handler().deliverPublication(subscriber, publication));
            }
            return true;
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "Delivering a publication to " + LogSafe.of(publication.channel()) + " to " + subscriber.id()
                            + " failed",
                    e);
            return false;
        }
    }

    private static OutboundQueue.Frame encode(Publication publication, HubConnection subscriber) {
        try {
            SubprotocolHandler handler = subscriber.handler();
            if (handler.deliversPerSubscriber()) {
                return PER_SUBSCRIBER;
            }
            if (handler instanceof Hub.FrameEncoder encoder) {
                return encoder.encodePublicationFrame(publication);
            }
            if (publication.binary()) {
                Optional<ByteBuffer> bytes = handler.encodeBinaryPublication(publication);
                if (bytes.isPresent()) {
                    return frame(bytes.get());
                }
            }
            String text = handler.encodePublication(publication);
            return new OutboundQueue.Frame(text, BaseConnection.utf8Length(text));
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "Encoding a publication to " + LogSafe.of(publication.channel()) + " for "
                            + subscriber.subprotocol().orElse("plain") + " connections failed",
                    e);
            return new OutboundQueue.Frame(null, -1);
        }
    }

    @Override
    public int deliverBroadcast(Object payload, Audience audience) {
        OutboundQueue.Frame frame = frame(payload);
        int count = 0;
        for (HubConnection connection : audienceMembers(audience)) {
            if (audience.admits(connection) && connection.sendFrame(frame)) {
                count++;
            }
        }
        return count;
    }

    private Collection<HubConnection> audienceMembers(Audience audience) {
        if (audience.channel().isEmpty()) {
            return registry.hubSnapshot();
        }
        // A set, so an audience of many channels and many subscribers is gathered in linear time.
        Set<HubConnection> members = new LinkedHashSet<>();
        for (String channel : channels.expandForPublish(audience.channel().get())) {
            members.addAll(channels.subscribersOf(channel));
        }
        return members;
    }

    @Override
    public int deliverToGroups(String groupPattern, String text) {
        OutboundQueue.Frame frame = frame(text);
        int count = 0;
        for (HubConnection member : groups.members(groupPattern)) {
            if (member.sendFrame(frame)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public boolean deliverToConnection(String connectionId, Object payload) {
        return registry.lookup(connectionId)
                .map(c -> c.sendFrame(frame(payload)))
                .orElse(false);
    }

    @Override
    public boolean disconnect(String connectionId, int code, String reason) {
        return registry.lookup(connectionId)
                .map(c -> {
                    c.close(code, reason);
                    return true;
                })
                .orElse(false);
    }

    @Override
    public boolean abort(String connectionId) {
        return registry.lookup(connectionId).map(HubConnection::abort).orElse(false);
    }

    @Override
    public boolean drain(String connectionId, java.time.Duration timeout) {
        Optional<HubConnection> own = registry.lookup(connectionId);
        if (own.isEmpty() || !own.get().drain(CloseCodes.DRAINED, "drained")) {
            return false;
        }
        HubConnection connection = own.get();
        if (connection.isOpen()) {
            // A client that stops reading would keep a draining connection forever; its close does nothing once
            // the drain has closed it.
            scheduler.schedule(() -> connection.close(CloseCodes.SLOW_CONSUMER, "drain timed out"), timeout);
        }
        return true;
    }

    @Override
    public int disconnectUser(String user, Optional<Instant> identityExpiry, int code, String reason) {
        int closed = 0;
        for (HubConnection connection : registry.hubSnapshot()) {
            boolean matches = identityExpiry.isEmpty()
                    ? connection
                            .principal()
                            .filter(p -> user.equals(p.getName()))
                            .isPresent()
                    : connection
                            .identity()
                            .filter(identity -> user.equals(identity.name())
                                    && identity.expiresAt().equals(identityExpiry))
                            .isPresent();
            if (matches && connection.isOpen()) {
                connection.close(code, reason);
                closed++;
            }
        }
        return closed;
    }

    private static OutboundQueue.Frame frame(Object payload) {
        if (payload instanceof ByteBuffer data) {
            ByteBuffer shared = data.asReadOnlyBuffer();
            return new OutboundQueue.Frame(shared, shared.remaining());
        }
        String text = (String) payload;
        return new OutboundQueue.Frame(text, BaseConnection.utf8Length(text));
    }
}
