package dev.switchboard.protocol.sgc;

import dev.switchboard.protocol.sgc.SgcMessage.WireId;
import dev.switchboard.spi.Scheduler;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.Future;

/**
 * The sgc QoS rules: acknowledgments of tracked server messages, the QoS 2 handshake in both directions
 * ({@code sgc@pubrec}, {@code sgc@pubrel}), QoS 2 client messages held until their release within the
 * connection's budget, and the retry scan that re-sends what the client has not acknowledged in time.
 *
 * <p>The scan runs every {@code switchboard.sgc.qos.interval} on the injected {@link Scheduler}, never on an
 * inbound thread; the per-connection {@link QosState} is thread-safe for both.
 */
final class QosTracker {

    private static final System.Logger LOG = System.getLogger(QosTracker.class.getName());

    private final SgcSettings settings;
    private final Clock clock;
    private final SgcReplies replies;
    private final Collection<ConnectionState> states;
    private Future<?> scan;

    /**
     * Creates the tracker.
     *
     * @param settings the QoS interval and timeout
     * @param clock    the clock of sends and retries
     * @param replies  the replies
     * @param states   a live view of the open connections' states
     */
    QosTracker(SgcSettings settings, Clock clock, SgcReplies replies, Collection<ConnectionState> states) {
        this.settings = settings;
        this.clock = clock;
        this.replies = replies;
        this.states = states;
    }

    /** Starts the periodic retry scan. */
    void start(Scheduler scheduler) {
        scan = scheduler.scheduleWithFixedDelay(this::scheduledScan, settings.qosInterval(), settings.qosInterval());
    }

    /** Stops the retry scan. */
    void stop() {
        if (scan != null) {
            scan.cancel(false);
        }
    }

    /** {@code sgc@acknowledgment}: the client received a tracked server message. */
    void acknowledged(ConnectionState state, WireId id) {
        state.qos().acknowledged(id.key());
    }

    /** {@code sgc@pubrec}: the client received a tracked server message at QoS 2; release it, track the release. */
    void received(ConnectionState state, WireId id) {
        String release = SgcEncoder.pubrel(id);
        if (state.qos().retrack(id, release, clock.instant())) {
            state.connection().sendText(release);
        }
    }

    /**
     * {@code sgc@pubrel}: the client releases a QoS 2 message it sent earlier.
     *
     * @return the stored message, to be processed now; null when there is none (already processed, or never
     *     stored), after acknowledging so the client stops retrying
     */
    SgcMessage released(ConnectionState state, WireId id) {
        SgcMessage stored = state.qos().release(id.key(), clock.instant());
        if (stored == null) {
            state.connection().sendText(SgcEncoder.acknowledgment(id));
        }
        return stored;
    }

    /**
     * Holds a QoS 2 request until the client releases it (exactly once: a retry replaces it, a late one is
     * ignored), answering {@code sgc@pubrec}, or refuses it with -32029 over the connection's budget.
     */
    void hold(ConnectionState state, SgcMessage message, SgcBudgets.Budget budget) {
        WireId id = message.id();
        if (state.qos().store(message, budget) == QosState.Stored.OVER_BUDGET) {
            replies.refuseForBudget(
                    state,
                    id,
                    "a connection may have " + budget.qosMessages() + " QoS 2 messages of at" + " most "
                            + budget.qosBytes() + " bytes together waiting for their release");
            return;
        }
        state.connection().sendText(SgcEncoder.pubrec(id));
    }

    private void scheduledScan() {
        try {
            retryScan();
        } catch (RuntimeException e) {
            // A failed scan must not cancel the schedule: the next one retries.
            LOG.log(System.Logger.Level.WARNING, "sgc QoS retry scan failed", e);
        }
    }

    /**
     * Re-sends every tracked server message older than the QoS timeout and forgets old released QoS 2 ids.
     * Runs every QoS interval on the scheduler; tests call it directly.
     */
    void retryScan() {
        Instant now = clock.instant();
        for (ConnectionState state : states) {
            // A client retries a QoS 2 message for about one timeout; twice that covers a retry in flight.
            state.qos().forgetReleased(now, settings.qosTimeout().multipliedBy(2));
            if (!state.connection().isOpen()) {
                continue;
            }
            for (String text : state.qos().due(now, settings.qosTimeout())) {
                state.connection().sendText(text);
            }
        }
    }
}
