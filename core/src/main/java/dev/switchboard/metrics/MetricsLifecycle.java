package dev.switchboard.metrics;

import dev.switchboard.cdi.BeanLookup;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Starts the metrics with the application and stops them with it, so that the JMX view and the meters in an
 * application's registry are gone after an undeploy, and a redeploy registers them afresh.
 */
public final class MetricsLifecycle implements ServletContextListener {

    private SwitchboardMetrics metrics;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        metrics = BeanLookup.get(SwitchboardMetrics.class);
        metrics.start(event.getServletContext().getContextPath());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (metrics == null) {
            return;
        }
        try {
            metrics.stop();
        } catch (RuntimeException e) {
            // Some containers stop CDI before the servlet context; the bean's own @PreDestroy has stopped it then.
            System.getLogger(MetricsLifecycle.class.getName())
                    .log(System.Logger.Level.DEBUG, "Metrics already stopped with CDI", e);
        }
    }
}
