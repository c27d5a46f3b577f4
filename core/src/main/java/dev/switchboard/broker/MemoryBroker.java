package dev.switchboard.broker;

import dev.switchboard.api.Audience;
import dev.switchboard.api.Publication;
import dev.switchboard.broker.internal.ChannelLanes;
import dev.switchboard.broker.internal.RecentKeys;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.Broker;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.HistoryStore.Position;
import dev.switchboard.spi.PublicationRefusedException;
import dev.switchboard.spi.ReplayPlan;
import dev.switchboard.spi.Scheduler;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The broker of one node, and the default: every request goes straight to this node's hub, and publications are
 * ordered per channel and appended to the {@link HistoryStore} on the way.
 *
 * <p><b>Ordering.</b> A store that never blocks (memory, none) is appended to on the publisher's thread under a lock
 * per channel (striped), and the publication is delivered before the lock is released: no thread hop, and the
 * returned {@link Broker.Accepted#deliveredHere()} counts every delivery. A store that
 * {@linkplain HistoryStore#mayBlock() may block} (JDBC) is appended to on the {@link Scheduler}'s threads, one
 * ordered lane per channel ({@link BrokerSettings#laneCapacity()} publications at most), so a slow database delays
 * that channel's deliveries only; the publisher waits only while its channel's lane is full, up to
 * {@link BrokerSettings#laneWait()}, and is then refused with a {@link PublicationRefusedException}. There an
 * {@linkplain Publish#assured() assured} publication is accepted (its protocol acknowledges it) only once the store's
 * append has returned, so an acknowledged publication survives the process being killed; a failed append still
 * accepts it, delivered without a position, as the {@link Broker} contract says.
 *
 * <p>{@link dev.switchboard.cluster.BrokerProducer} makes it this node's broker when clustering is off. An
 * application replaces it with its own {@link Broker} bean annotated {@code @Alternative @Priority(...)}.
 */
public class MemoryBroker implements Broker {

    private static final System.Logger LOG = System.getLogger(MemoryBroker.class.getName());

    private static final int LOCK_STRIPES = 64;

    private static final Delivery NOBODY = new Delivery() {
        @Override
        public int deliverPublication(Publication publication) {
            return 0;
        }

        @Override
        public int deliverBroadcast(Object payload, Audience audience) {
            return 0;
        }

        @Override
        public int deliverToGroups(String groupPattern, String text) {
            return 0;
        }

        @Override
        public boolean deliverToConnection(String connectionId, Object payload) {
            return false;
        }

        @Override
        public boolean disconnect(String connectionId, int code, String reason) {
            return false;
        }

        @Override
        public int disconnectUser(String user, Optional<Instant> identityExpiry, int code, String reason) {
            return 0;
        }
    };

    private BrokerHistory history;
    private ChannelLanes lanes;
    private RecentKeys recentKeys;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private volatile Delivery delivery = NOBODY;

    /**
     * Creates the broker.
     *
     * @param history   the history store, or null to keep no history (publications carry no position)
     * @param scheduler where lanes run when the store may block
     * @param settings  the lane and idempotency bounds
     */
    public MemoryBroker(HistoryStore history, Scheduler scheduler, BrokerSettings settings) {
        this.history = new BrokerHistory(history, settings.historyRetry());
        this.lanes = history != null && history.mayBlock()
                ? new ChannelLanes(scheduler::execute, settings.laneCapacity(), settings.laneWait())
                : null;
        this.recentKeys = new RecentKeys(settings.recentKeys());
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    @Inject
    MemoryBroker(Instance<HistoryStore> history, Scheduler scheduler, BrokerSettings settings) {
        this(history.isResolvable() ? history.get() : null, scheduler, settings);
    }

    /** For the CDI proxy of a normal-scoped bean. */
    MemoryBroker() {}

    @Override
    public void attach(Delivery hub) {
        delivery = hub;
    }

    @Override
    public CompletionStage<Accepted> publish(Publish publish, Runnable onAccepted) {
        long handed = System.nanoTime();
        String channel = publish.channel();
        Optional<String> key = publish.idempotencyKey();
        if (key.isPresent() && !recentKeys.claim(channel, key.get())) {
            onAccepted.run();
            return CompletableFuture.completedFuture(new Accepted(0, true));
        }
        try {
            if (lanes == null) {
                ReentrantLock lock = locks[Math.floorMod(channel.hashCode(), locks.length)];
                lock.lock();
                try {
                    onAccepted.run();
                    return CompletableFuture.completedFuture(new Accepted(appendAndDeliver(publish, handed), false));
                } finally {
                    lock.unlock();
                }
            }
            // The lane may run the task before submit returns, so the acceptance runs inside it. A promised (assured)
            // publication is accepted only after its append has returned: an acknowledged publication is in the
            // store, so a process killed right after the acknowledgment still replays it on restart. Nobody was
            // promised any other, so it is accepted before the append, as soon as its lane runs it.
            Runnable beforeAppend = publish.assured() ? () -> {} : onAccepted;
            Runnable afterAppend = publish.assured() ? onAccepted : () -> {};
            if (lanes.submit(channel, () -> {
                beforeAppend.run();
                Position position = history.append(publish.channel(), publish.message(), publish.binary());
                deliver(publish, position, afterAppend, handed);
            })) {
                return CompletableFuture.completedFuture(new Accepted(0, false));
            }
            key.ifPresent(k -> recentKeys.release(channel, k));
            return CompletableFuture.failedFuture(new PublicationRefusedException(
                    channel,
                    "the history of channel " + LogSafe.of(channel) + " is behind; publication refused, try again"));
        } catch (RuntimeException e) {
            key.ifPresent(k -> recentKeys.release(channel, k));
            throw e;
        }
    }

    private int appendAndDeliver(Publish publish, long handed) {
        return deliver(
                publish, history.append(publish.channel(), publish.message(), publish.binary()), () -> {}, handed);
    }

    private int deliver(Publish publish, Position position, Runnable onAccepted, long handed) {
        onAccepted.run();
        Publication publication = new Publication(
                publish.channel(),
                publish.message(),
                publish.publisher(),
                position.offset(),
                position.epoch(),
                publish.binary(),
                publish.properties());
        try {
            return delivery.deliverPublication(publication, handed);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "Delivering a publication to " + LogSafe.of(publish.channel()) + " failed",
                    e);
            return 0;
        }
    }

    @Override
    public int broadcast(Object payload, Audience audience) {
        return delivery.deliverBroadcast(payload, audience);
    }

    @Override
    public int sendToGroups(String groupPattern, String text) {
        return delivery.deliverToGroups(groupPattern, text);
    }

    @Override
    public boolean sendToConnection(String connectionId, Object payload) {
        return delivery.deliverToConnection(connectionId, payload);
    }

    @Override
    public boolean disconnect(String connectionId, int code, String reason) {
        return delivery.disconnect(connectionId, code, reason);
    }

    @Override
    public int disconnectUser(String user, Optional<Instant> identityExpiry, int code, String reason) {
        return delivery.disconnectUser(user, identityExpiry, code, reason);
    }

    @Override
    public ReplayPlan replay(String channel, Optional<Position> since, int limit) {
        return history.replay(channel, since, limit);
    }

    @Override
    public Position head(String channel) {
        return history.head(channel);
    }
}
