package dev.switchboard.web;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.cdi.Beans;
import dev.switchboard.hub.ConnectionRegistry;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Closes every connection with 1001 (going away) when the application stops, so clients see a clean close and
 * reconnect, instead of a dropped socket.
 */
final class ShutdownListener implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(ShutdownListener.class.getName());

    private ConnectionRegistry registry;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        registry = Beans.get(ConnectionRegistry.class);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (registry == null) {
            return;
        }
        int open = registry.count();
        registry.closeAll(CloseCodes.GOING_AWAY, "server shutting down");
        LOG.log(System.Logger.Level.INFO, "Switchboard stopped; closed {0} connection(s) with 1001", open);
    }
}
