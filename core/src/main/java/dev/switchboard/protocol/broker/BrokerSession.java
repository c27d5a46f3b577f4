package dev.switchboard.protocol.broker;

import dev.switchboard.api.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The per-connection state of a broker connection: its open inner protocols, and the serial order every call to an
 * inner handler runs in.
 *
 * <p>The carrier's transport already calls the broker handler serially; an inner connection can also be closed from
 * another thread (an administrator, a credential expiry, a fan-out), and its handler's {@code onClose} must still come
 * after the call in progress and never inside it. Such work is queued and run by whoever holds the lock as it lets
 * go, or on the executor: no thread waits for a handler call, as in the WebSocket adapter.
 */
final class BrokerSession {

    private final Connection carrier;
    private final Executor executor;
    private final ReentrantLock serial = new ReentrantLock();
    private final Queue<Runnable> later = new ConcurrentLinkedQueue<>();
    // Read and written only under the lock.
    private final Map<String, InnerConnection> inner = new LinkedHashMap<>();

    BrokerSession(Connection carrier, Executor executor) {
        this.carrier = carrier;
        this.executor = executor;
    }

    Connection carrier() {
        return carrier;
    }

    /** Runs a call of the carrier's transport, then what was queued meanwhile. */
    void serially(Runnable call) {
        serial.lock();
        try {
            call.run();
        } finally {
            serial.unlock();
            runQueued();
        }
    }

    /** Runs a call after the one in progress (at once when none is), never on the calling thread's stack inside it. */
    void after(Runnable call) {
        later.add(call);
        if (serial.isHeldByCurrentThread()) {
            return; // the holder runs it as it lets go
        }
        try {
            executor.execute(this::runQueued);
        } catch (RuntimeException e) {
            // The scheduler is stopping with the deployment: run here, the lock still keeps the order.
            runQueued();
        }
    }

    private void runQueued() {
        // Checked again after every release: a call queued while this thread held the lock is not left behind.
        while (!later.isEmpty() && serial.tryLock()) {
            try {
                for (Runnable call = later.poll(); call != null; call = later.poll()) {
                    call.run();
                }
            } finally {
                serial.unlock();
            }
        }
    }

    // ---- under the lock -------------------------------------------------------------------------------

    Optional<InnerConnection> inner(String protocol) {
        return Optional.ofNullable(inner.get(protocol));
    }

    int openCount() {
        return inner.size();
    }

    void add(InnerConnection connection) {
        inner.put(connection.protocol(), connection);
    }

    /** Forgets an inner connection; false when it was forgotten before (its close is finished already). */
    boolean remove(InnerConnection connection) {
        return inner.remove(connection.protocol(), connection);
    }

    List<InnerConnection> all() {
        return new ArrayList<>(inner.values());
    }
}
