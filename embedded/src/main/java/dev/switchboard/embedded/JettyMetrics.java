package dev.switchboard.embedded;

import dev.switchboard.metrics.SwitchboardMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * Jetty's connections (per connector: opened, bytes, message sizes) and its thread pool as meters in the registry
 * Switchboard's metrics use. A lifecycle bean of the server, started after CDI and before the connectors, so every
 * connection is counted; with metrics off it binds nothing.
 */
final class JettyMetrics extends AbstractLifeCycle {

    private final Server server;
    private final WeldLifeCycle weld;
    private final List<JettyConnectionMetrics> connections = new ArrayList<>();
    private JettyServerThreadPoolMetrics threads;

    JettyMetrics(Server server, WeldLifeCycle weld) {
        this.server = server;
        this.weld = weld;
    }

    @Override
    protected void doStart() {
        MeterRegistry registry =
                weld.select(SwitchboardMetrics.class).registry().orElse(null);
        if (registry == null) {
            return;
        }
        for (Connector connector : server.getConnectors()) {
            JettyConnectionMetrics metrics = new JettyConnectionMetrics(registry, connector);
            connector.addBean(metrics);
            connections.add(metrics);
        }
        threads = new JettyServerThreadPoolMetrics(server.getThreadPool(), Tags.empty());
        threads.bindTo(registry);
    }

    @Override
    protected void doStop() throws Exception {
        for (Connector connector : server.getConnectors()) {
            connections.forEach(connector::removeBean);
        }
        connections.clear();
        if (threads != null) {
            threads.close();
            threads = null;
        }
    }
}
