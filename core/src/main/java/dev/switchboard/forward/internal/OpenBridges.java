package dev.switchboard.forward.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TCP bridges open now. A bridge pumps its socket on a thread of its own, blocked in a read; closing every
 * bridge at shutdown closes its socket, which ends that read and with it the thread, so no pump outlives the
 * application.
 */
public final class OpenBridges {

    private static final System.Logger LOG = System.getLogger(OpenBridges.class.getName());

    private final Set<TcpBridge> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Counts a bridge as open; a bridge opened after {@link #closeAll} is ended at once.
     *
     * @param bridge the bridge
     * @return false when the bridges are closed already (the bridge is then ended)
     */
    boolean add(TcpBridge bridge) {
        open.add(bridge);
        if (closed) {
            // closeAll may have run between the check and the add: end it either way.
            open.remove(bridge);
            bridge.shutdown();
            return false;
        }
        return true;
    }

    /**
     * Forgets a bridge that ended.
     *
     * @param bridge the bridge
     */
    void remove(TcpBridge bridge) {
        open.remove(bridge);
    }

    /**
     * The number of open bridges.
     *
     * @return the count
     */
    public int size() {
        return open.size();
    }

    /**
     * Ends every open bridge (and any opened later) and waits, up to a deadline, for their pump threads to end.
     *
     * @param deadline how long to wait in all
     * @return true when every pump thread ended in time
     */
    public boolean closeAll(Duration deadline) {
        closed = true;
        List<TcpBridge> ending = new ArrayList<>(open);
        for (TcpBridge bridge : ending) {
            bridge.shutdown();
        }
        long until = System.nanoTime() + deadline.toNanos();
        boolean ended = true;
        for (TcpBridge bridge : ending) {
            try {
                ended &= bridge.awaitPump(Duration.ofNanos(Math.max(0, until - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (!ended) {
            LOG.log(System.Logger.Level.WARNING, "TCP bridge threads did not stop within {0}", deadline);
        }
        return ended;
    }
}
