package dev.switchboard.embedded;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.hub.ConnectionRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.Graceful;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Says goodbye to every client before Jetty closes the sockets: on graceful shutdown it closes each connection
 * in Switchboard's registry with 1001 (going away) and completes once the registry is empty, bounded by the
 * server's stop timeout.
 *
 * <p>Core's shutdown listener does the same in {@code contextDestroyed}, but Jetty stops its connectors, and
 * with them every open socket, before it stops the web application. Jetty's WebSocket container closes its own
 * sessions with 1001 during graceful shutdown too; this component goes through the registry instead, so every
 * transport Switchboard tracks gets the same close, and it waits until the handlers have seen {@code onClose}
 * while CDI is still running. Jetty runs {@link Graceful} components first, while connections are still open.
 */
final class GoingAwayShutdown implements Graceful {

    private static final System.Logger LOG = System.getLogger(GoingAwayShutdown.class.getName());
    private static final long POLL_MILLIS = 20;

    private final WeldLifeCycle weld;
    private final Scheduler scheduler;
    private volatile CompletableFuture<Void> done;

    GoingAwayShutdown(WeldLifeCycle weld, Scheduler scheduler) {
        this.weld = weld;
        this.scheduler = scheduler;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> future = new CompletableFuture<>();
        done = future;
        ConnectionRegistry registry;
        try {
            registry = weld.select(ConnectionRegistry.class);
        } catch (RuntimeException e) {
            // CDI never came up (a failed start): there is no connection to close.
            future.complete(null);
            return future;
        }
        int open = registry.count();
        if (open > 0) {
            LOG.log(System.Logger.Level.INFO, "Closing {0} connection(s) with 1001 (going away)", open);
            registry.closeAll(CloseCodes.GOING_AWAY, "server shutting down");
        }
        awaitEmpty(registry, future);
        return future;
    }

    @Override
    public boolean isShutdown() {
        CompletableFuture<Void> future = done;
        return future != null && future.isDone();
    }

    private void awaitEmpty(ConnectionRegistry registry, CompletableFuture<Void> future) {
        // The registry has no "became empty" event; a short poll is cheap and ends with the stop timeout anyway.
        if (registry.count() == 0) {
            future.complete(null);
        } else if (!future.isDone()) {
            scheduler.schedule(() -> awaitEmpty(registry, future), POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
