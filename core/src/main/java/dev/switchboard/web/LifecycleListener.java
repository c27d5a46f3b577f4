package dev.switchboard.web;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.hub.Heartbeat;
import dev.switchboard.ops.Drain;
import dev.switchboard.ops.Health;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.time.Duration;

/**
 * Starts the heartbeat with the application and reports the node live and ready. When the application stops it
 * drains first, for {@code switchboard.drain.undeploy-wait} (short: the container holds the undeploy meanwhile), so
 * clients told to move can reconnect elsewhere; then it closes every connection still open with 1001 (going away),
 * so clients see a clean close and reconnect instead of a dropped socket.
 */
final class LifecycleListener implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(LifecycleListener.class.getName());

    private ConnectionRegistry registry;
    private Heartbeat heartbeat;
    private Drain drain;
    private Health health;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        registry = BeanLookup.get(ConnectionRegistry.class);
        heartbeat = BeanLookup.get(Heartbeat.class);
        drain = BeanLookup.get(Drain.class);
        health = BeanLookup.get(Health.class);
        heartbeat.start();
        health.started();
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (registry == null) {
            return;
        }
        try {
            health.stopping();
            if (drain.openConnections() > 0) {
                Duration wait = drain.settings().undeployWait();
                if (!drain.drainAndAwait(wait, "undeploy")) {
                    LOG.log(
                            System.Logger.Level.INFO,
                            "Undeploy drained for {0} s; {1} connection(s) still open",
                            wait.toSeconds(),
                            drain.openConnections());
                }
            }
            heartbeat.stop();
            int open = registry.count();
            registry.closeAll(CloseCodes.GOING_AWAY, "server shutting down");
            LOG.log(System.Logger.Level.INFO, "Switchboard stopped; closed {0} connection(s) with 1001", open);
        } catch (RuntimeException e) {
            // Some containers stop CDI before the servlet context; its beans (and so the connections' state) are
            // then already gone, and the container closes the sockets itself.
            LOG.log(System.Logger.Level.WARNING, "Switchboard could not close its connections: CDI already stopped", e);
        }
    }
}
