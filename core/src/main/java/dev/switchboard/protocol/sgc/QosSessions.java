package dev.switchboard.protocol.sgc;

import dev.switchboard.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The node-local registry of QoS sessions (a Switchboard extension of sgc): the QoS 2 part of a connection's state
 * (messages stored until {@code sgc@pubrel}, released ids) outlives the connection for
 * {@code switchboard.sgc.qos.session-ttl}, so that the client's next connection naming the same session takes it
 * over and a flow cut between release and acknowledgment is still processed exactly once.
 *
 * <p>A session is keyed by the connection's principal name (or anonymous) and the client's random token: a
 * connection of another principal never reaches another's state, whatever token it names. A key is held by at most
 * one live connection; while it is, another connection naming it is refused. At most
 * {@code switchboard.sgc.qos.max-sessions} closed sessions are kept, the one parked longest dropped first; each
 * holds no more than the connection's QoS budget allowed it to store. Expired sessions are never adopted, and a
 * sweep on the injected {@link Scheduler} frees them.
 *
 * <p>Called on connections' inbound threads (claim), on the threads that close connections, and on the scheduler;
 * one lock guards everything (a {@link ReentrantLock}: virtual threads may hold it). Nothing here runs long.
 */
final class QosSessions {

    /** The shortest token accepted: 22 base64url characters carry 128 bits. */
    static final int MIN_TOKEN_LENGTH = 22;
    /** The longest token accepted. */
    static final int MAX_TOKEN_LENGTH = 64;

    /**
     * The key of a session.
     *
     * @param principal the principal's name, or null for an anonymous connection (kept apart from any user's name)
     * @param token     the client's token
     */
    record Key(String principal, String token) {

        /** Validates. */
        Key {
            Objects.requireNonNull(token, "token");
        }
    }

    /** What {@link #claim} decided. */
    sealed interface Claim {
        /** The connection now holds the session; {@code adopted} is what a closed connection left, or null. */
        record Held(QosState.Qos2Part adopted) implements Claim {}

        /** The connection named this same session before: nothing changed. */
        record Again() implements Claim {}

        /** Another live connection holds the session. */
        record InUse() implements Claim {}

        /** The connection holds another session already. */
        record OtherSession() implements Claim {}
    }

    private record Parked(QosState.Qos2Part part, Instant expiresAt) {}

    private final Duration ttl;
    private final int maxSessions;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Key, String> live = new HashMap<>();
    private final Map<String, Key> byConnection = new HashMap<>();
    /** Insertion order is the order sessions were parked in: the first is the one to drop. */
    private final LinkedHashMap<Key, Parked> parked = new LinkedHashMap<>();

    private Future<?> sweep;

    /**
     * Creates the registry.
     *
     * @param ttl         how long a closed connection's session is kept; zero turns the extension off
     * @param maxSessions most closed sessions kept
     * @param clock       the clock of expiry
     */
    QosSessions(Duration ttl, int maxSessions, Clock clock) {
        this.ttl = ttl;
        this.maxSessions = maxSessions;
        this.clock = clock;
    }

    /** Whether the extension is on ({@code session-ttl} above zero). */
    boolean enabled() {
        return !ttl.isZero();
    }

    /** Starts the expiry sweep: every half TTL, at least every second apart. */
    void start(Scheduler scheduler) {
        if (enabled()) {
            Duration every =
                    ttl.dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : ttl.dividedBy(2);
            sweep = scheduler.scheduleWithFixedDelay(this::sweep, every, every);
        }
    }

    /** Stops the sweep. */
    void stop() {
        if (sweep != null) {
            sweep.cancel(false);
        }
    }

    /**
     * Tells whether a token has the accepted form: {@value #MIN_TOKEN_LENGTH} to {@value #MAX_TOKEN_LENGTH}
     * characters of the base64url alphabet ({@code A-Z a-z 0-9 - _}, no padding). One pass, no regular expression.
     *
     * @param token the token as the client sent it, or null
     * @return true when it may name a session
     */
    static boolean validToken(String token) {
        if (token == null || token.length() < MIN_TOKEN_LENGTH || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * A connection names a session, no other connection closing. See {@link #claim(Key, String, Function)}.
     *
     * @param key          the session
     * @param connectionId the naming connection
     * @return what was decided
     */
    Claim claim(Key key, String connectionId) {
        return claim(key, connectionId, holder -> null);
    }

    /**
     * A connection names a session. It then holds it until it closes, taking over what an earlier connection of
     * the session left (unless that expired). A holder whose close has begun (the server found it dead by its
     * heartbeat, or closed it) but whose transport has not finished closing is not live: its QoS 2 state is taken
     * over at once, so a client that reconnected over a half-open connection does not wait for the transport.
     *
     * @param key          the session
     * @param connectionId the naming connection
     * @param closing      the QoS state of a holder whose close has begun, by connection id; null while it is live
     * @return what was decided
     */
    Claim claim(Key key, String connectionId, Function<String, QosState> closing) {
        lock.lock();
        try {
            Key own = byConnection.get(connectionId);
            if (own != null) {
                return own.equals(key) ? new Claim.Again() : new Claim.OtherSession();
            }
            String holder = live.get(key);
            if (holder != null) {
                QosState left = closing.apply(holder);
                if (left == null) {
                    return new Claim.InUse();
                }
                // The closing holder's own close later finds no session and parks nothing.
                byConnection.remove(holder);
                live.put(key, connectionId);
                byConnection.put(connectionId, key);
                QosState.Qos2Part part = left.detachQos2();
                return new Claim.Held(part.isEmpty() ? null : part);
            }
            live.put(key, connectionId);
            byConnection.put(connectionId, key);
            Parked left = parked.remove(key);
            boolean fresh = left != null && left.expiresAt().isAfter(clock.instant());
            return new Claim.Held(fresh ? left.part() : null);
        } finally {
            lock.unlock();
        }
    }

    /** Whether a live connection named a session. */
    boolean holdsAny(String connectionId) {
        lock.lock();
        try {
            return byConnection.containsKey(connectionId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A connection closed: the session it held, if any, keeps the QoS 2 part of its state for the TTL (nothing is
     * kept when there is nothing to keep). Beyond {@code max-sessions} the session parked longest is dropped.
     *
     * @param connectionId the closed connection
     * @param state        its QoS state, whose QoS 2 part is taken; null when it has none (the key is freed)
     */
    void closed(String connectionId, QosState state) {
        lock.lock();
        try {
            Key key = byConnection.remove(connectionId);
            if (key == null) {
                return;
            }
            live.remove(key, connectionId);
            QosState.Qos2Part part = state == null ? null : state.detachQos2();
            if (part == null || part.isEmpty()) {
                return;
            }
            parked.put(key, new Parked(part, clock.instant().plus(ttl)));
            Iterator<Key> oldest = parked.keySet().iterator();
            while (parked.size() > maxSessions && oldest.hasNext()) {
                oldest.next();
                oldest.remove();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every parked session whose TTL has passed; runs on the scheduler, tests call it directly. */
    void sweep() {
        lock.lock();
        try {
            Instant now = clock.instant();
            parked.values().removeIf(p -> !p.expiresAt().isAfter(now));
        } finally {
            lock.unlock();
        }
    }

    /** The number of sessions kept for a later connection (for tests and monitoring). */
    int parkedCount() {
        lock.lock();
        try {
            return parked.size();
        } finally {
            lock.unlock();
        }
    }

    /** The number of sessions held by live connections (for tests and monitoring). */
    int liveCount() {
        lock.lock();
        try {
            return live.size();
        } finally {
            lock.unlock();
        }
    }
}
