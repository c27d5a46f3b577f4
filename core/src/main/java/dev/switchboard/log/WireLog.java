package dev.switchboard.log;

import dev.switchboard.api.Connection;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.log.internal.WireLogWriter;
import dev.switchboard.spi.Scheduler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The wire log: every frame of the chosen connections (time, connection id, direction, transport, kind, size and
 * the payload with credentials masked) written to a size-capped, rotated file, like sgcWebSockets' {@code LogFile}.
 * Off by default. Connections are chosen by the global switch ({@code switchboard.wirelog.enabled}), by match rules
 * on users, client addresses and subprotocols, and at run time by id through {@link #enable}/{@link #disable}
 * (the same operations JMX offers as {@value #OBJECT_NAME}).
 *
 * <p>The transports report frames to its {@link #tap()}, which costs one volatile read per frame while nothing is
 * logged. Writing happens on the application's scheduler, never on the message path.
 */
@ApplicationScoped
public class WireLog {

    /** The JMX name of the wire log's MBean. */
    public static final String OBJECT_NAME = "dev.switchboard:type=WireLog";

    private static final System.Logger LOG = System.getLogger(WireLog.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    @Inject
    WireLogSettings settings;

    @Inject
    Scheduler scheduler;

    @Inject
    ConnectionRegistry registry;

    private WireLogWriter writer;
    private WireTap tap = WireTap.OFF;
    private ObjectName registered;

    @PostConstruct
    void start() {
        writer = new WireLogWriter(settings, scheduler::execute);
        tap = new WireTap(settings, writer);
        if (tap.active()) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "Wire log on ({0}), writing to {1}",
                    settings.enabled() ? "every connection" : "connections matching its rules",
                    settings.file());
        }
        register();
    }

    @PreDestroy
    void stop() {
        unregister();
        tap.global(false);
        writer.close();
    }

    /**
     * Where the transports report frames.
     *
     * @return the tap of this application
     */
    public WireTap tap() {
        return tap;
    }

    /**
     * Whether every connection is logged (the global switch).
     *
     * @return the switch
     */
    public boolean enabled() {
        return tap.global();
    }

    /**
     * Switches logging of every connection on or off. Run-time choices for single connections still win.
     *
     * @param enabled the switch
     * @param actor   who asks, for the log
     */
    public void enabled(boolean enabled, String actor) {
        tap.global(enabled);
        LOG.log(
                System.Logger.Level.INFO,
                "Wire log of every connection switched {0} by {1}, writing to {2}",
                enabled ? "on" : "off",
                LogSafe.of(actor),
                settings.file());
    }

    /**
     * Logs one open connection's frames from now on, until it closes or {@link #disable} is called.
     *
     * @param connectionId the connection's id
     * @param actor        who asks, for the log
     * @return false when no open connection has that id
     */
    public boolean enable(String connectionId, String actor) {
        return choose(connectionId, true, actor);
    }

    /**
     * Stops logging one open connection's frames, even when the global switch or a match rule would log it.
     *
     * @param connectionId the connection's id
     * @param actor        who asks, for the log
     * @return false when no open connection has that id
     */
    public boolean disable(String connectionId, String actor) {
        return choose(connectionId, false, actor);
    }

    /**
     * The ids of the open connections whose frames are written now.
     *
     * @return the ids
     */
    public List<String> connections() {
        return registry.snapshot().stream()
                .filter(tap::logs)
                .map(Connection::id)
                .toList();
    }

    /**
     * The file being written.
     *
     * @return the path from {@code switchboard.wirelog.file}
     */
    public java.nio.file.Path file() {
        return settings.file();
    }

    private boolean choose(String connectionId, boolean logged, String actor) {
        if (connectionId == null) {
            return false;
        }
        Optional<Connection> found = registry.find(connectionId);
        if (found.isEmpty() || !found.get().isOpen()) {
            return false;
        }
        Connection connection = found.get();
        boolean byDefault = tap.global() || tap.matches(connection);
        tap.choose(connection.id(), logged == byDefault ? null : logged);
        if (!connection.isOpen()) {
            // It closed meanwhile, perhaps before its close was reported: keep no choice for a closed connection.
            tap.choose(connection.id(), null);
            return false;
        }
        LOG.log(
                System.Logger.Level.INFO,
                "Wire log of connection {0} switched {1} by {2}",
                connection.id(),
                logged ? "on" : "off",
                LogSafe.of(actor));
        return true;
    }

    private void register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        StandardMBean bean = new StandardMBean(new Control(), WireLogMBean.class, false);
        try {
            ObjectName name = new ObjectName(OBJECT_NAME);
            try {
                server.registerMBean(bean, name);
            } catch (InstanceAlreadyExistsException e) {
                // Another application in this JVM has the plain name; this one is told apart by a number.
                name = new ObjectName(OBJECT_NAME + ",instance=" + INSTANCES.incrementAndGet());
                server.registerMBean(bean, name);
            }
            registered = name;
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The wire log's MBean could not be registered", e);
        }
    }

    private void unregister() {
        if (registered != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(registered);
            } catch (JMException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "Unregistering " + registered + " failed", e);
            }
            registered = null;
        }
    }

    /** The JMX face: operations through JMX are logged with the actor {@code jmx}. */
    private final class Control implements WireLogMBean {
        @Override
        public boolean isEnabled() {
            return enabled();
        }

        @Override
        public void setEnabled(boolean enabled) {
            enabled(enabled, "jmx");
        }

        @Override
        public String[] getConnections() {
            return connections().toArray(String[]::new);
        }

        @Override
        public boolean enable(String connectionId) {
            return WireLog.this.enable(connectionId, "jmx");
        }

        @Override
        public boolean disable(String connectionId) {
            return WireLog.this.disable(connectionId, "jmx");
        }
    }
}
