package dev.switchboard.hub;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.spi.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Finds dead peers: every {@code interval} it pings each connection (or, in only-when-idle mode, each
 * connection that sent nothing during the interval), and closes with {@link CloseCodes#HEARTBEAT_TIMEOUT} a
 * connection whose ping stayed unanswered longer than {@code timeout}. Any inbound message or pong counts as an
 * answer. A half-open TCP connection is found only this way: nothing is ever read from it again.
 *
 * <p>The rounds run on the {@link Scheduler}, and each ping is its own task there, because a container may block a
 * ping send while the socket is congested, and one congested peer must not delay the others.
 */
@ApplicationScoped
public class Heartbeat {

    private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());

    private ConnectionRegistry registry;
    private SwitchboardConfig config;
    private Scheduler scheduler;

    private final ReentrantLock lock = new ReentrantLock();
    private Future<?> rounds;

    /**
     * Creates the heartbeat.
     *
     * @param config    the interval, timeout and mode
     * @param registry  the connections to watch
     * @param scheduler where rounds and pings run
     */
    @Inject
    public Heartbeat(SwitchboardConfig config, ConnectionRegistry registry, Scheduler scheduler) {
        this.config = config;
        this.registry = registry;
        this.scheduler = scheduler;
    }

    /** For the CDI proxy of a normal-scoped bean. */
    Heartbeat() {}

    /** Starts the pings when enabled; calling it again does nothing. */
    public void start() {
        lock.lock();
        try {
            if (!config.heartbeatEnabled() || rounds != null) {
                return;
            }
            rounds = scheduler.scheduleWithFixedDelay(
                    this::tick, config.heartbeatInterval(), config.heartbeatInterval());
            LOG.log(
                    System.Logger.Level.INFO,
                    "Heartbeat every {0} s, timeout {1} s{2}",
                    config.heartbeatInterval().toSeconds(),
                    config.heartbeatTimeout().toSeconds(),
                    config.heartbeatOnlyWhenIdle() ? ", idle connections only" : "");
        } finally {
            lock.unlock();
        }
    }

    /** Stops the pings. */
    @PreDestroy
    public void stop() {
        lock.lock();
        try {
            if (rounds != null) {
                rounds.cancel(false);
                rounds = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** One round: close the connections whose ping timed out, ping the others that are due. */
    void tick() {
        try {
            long now = System.nanoTime();
            long interval = config.heartbeatInterval().toNanos();
            long timeout = config.heartbeatTimeout().toNanos();
            for (HubConnection connection : registry.hubSnapshot()) {
                if (!connection.isOpen()) {
                    continue;
                }
                long pingSent = connection.pingSentNanos();
                if (pingSent != 0) {
                    if (now - pingSent >= timeout) {
                        LOG.log(
                                System.Logger.Level.INFO,
                                "Closing {0}: no answer to a ping within {1} s",
                                connection,
                                config.heartbeatTimeout().toSeconds());
                        connection.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout");
                    }
                    continue;
                }
                if (config.heartbeatOnlyWhenIdle() && now - connection.lastInboundNanos() < interval) {
                    continue;
                }
                scheduler.execute(connection::sendPing);
            }
        } catch (RuntimeException e) {
            // A failed round must not cancel the schedule; the next round tries again.
            LOG.log(System.Logger.Level.WARNING, "Heartbeat round failed", e);
        }
    }
}
