package dev.switchboard.hub;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.config.SwitchboardConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Finds dead peers: every {@code interval} it pings each connection (or, in only-when-idle mode, each
 * connection that sent nothing during the interval), and closes with {@link CloseCodes#HEARTBEAT_TIMEOUT} a
 * connection whose ping stayed unanswered longer than {@code timeout}. Any inbound message or pong counts as an
 * answer. A half-open TCP connection is found only this way: nothing is ever read from it again.
 *
 * <p>Pings are sent from virtual threads, because a container may block a ping send while the socket is
 * congested, and one congested peer must not delay the others.
 */
@ApplicationScoped
public class Heartbeat {

    private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());

    @Inject
    ConnectionRegistry registry;

    @Inject
    SwitchboardConfig config;

    private final ReentrantLock lock = new ReentrantLock();
    private ScheduledExecutorService timer;
    private ExecutorService senders;

    /** Starts the pings when enabled; calling it again does nothing. */
    public void start() {
        lock.lock();
        try {
            if (!config.heartbeatEnabled() || timer != null) {
                return;
            }
            timer = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("switchboard-heartbeat").factory());
            senders = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("switchboard-ping-", 0).factory());
            long period = config.heartbeatInterval().toMillis();
            timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
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
            if (timer != null) {
                timer.shutdownNow();
                senders.shutdownNow();
                timer = null;
                senders = null;
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
            for (Connection connection : registry.snapshot()) {
                if (!(connection instanceof BaseConnection base) || !base.isOpen()) {
                    continue;
                }
                long pingSent = base.pingSentNanos();
                if (pingSent != 0) {
                    if (now - pingSent >= timeout) {
                        LOG.log(
                                System.Logger.Level.INFO,
                                "Closing {0}: no answer to a ping within {1} s",
                                base,
                                config.heartbeatTimeout().toSeconds());
                        base.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout");
                    }
                    continue;
                }
                if (config.heartbeatOnlyWhenIdle() && now - base.lastInboundNanos() < interval) {
                    continue;
                }
                ExecutorService executor = senders;
                if (executor != null) {
                    executor.execute(base::sendPing);
                }
            }
        } catch (RuntimeException e) {
            // A failed round must not cancel the schedule; the next round tries again.
            LOG.log(System.Logger.Level.WARNING, "Heartbeat round failed", e);
        }
    }
}
