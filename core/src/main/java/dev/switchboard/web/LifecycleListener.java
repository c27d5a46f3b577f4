package dev.switchboard.web;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.hub.Heartbeat;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Starts the heartbeat with the application, and when the application stops closes every connection with 1001
 * (going away), so clients see a clean close and reconnect instead of a dropped socket.
 */
final class LifecycleListener implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(LifecycleListener.class.getName());

    private ConnectionRegistry registry;
    private Heartbeat heartbeat;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        registry = BeanLookup.get(ConnectionRegistry.class);
        heartbeat = BeanLookup.get(Heartbeat.class);
        heartbeat.start();
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (registry == null) {
            return;
        }
        try {
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
