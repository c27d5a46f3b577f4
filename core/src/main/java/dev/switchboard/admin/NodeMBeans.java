package dev.switchboard.admin;

import dev.switchboard.api.Transport;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.hub.Hub;
import dev.switchboard.ops.Drain;
import dev.switchboard.web.BuildVersion;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers the node's MBeans ({@link NodeMXBean}, {@link DrainMXBean}) in the platform MBean server when the web
 * application starts and removes them when it stops, so an undeployed application leaves nothing behind. The
 * names carry the context path, so two deployments in one server do not clash.
 */
public final class NodeMBeans implements ServletContextListener {

    /** The actor JMX changes are logged with. */
    public static final String ACTOR = "jmx";

    private static final System.Logger LOG = System.getLogger(NodeMBeans.class.getName());

    private final List<ObjectName> registered = new ArrayList<>();

    /**
     * The name of one of the node's MBeans.
     *
     * @param type        {@code Node} or {@code Drain}
     * @param contextPath the web application's context path ({@code ""} for the root)
     * @return the name
     */
    public static ObjectName name(String type, String contextPath) {
        try {
            return new ObjectName("dev.switchboard:type=" + type + ",context="
                    + ObjectName.quote(contextPath.isEmpty() ? "/" : contextPath));
        } catch (JMException e) {
            throw new IllegalArgumentException("No MBean name for " + type + " in " + contextPath, e);
        }
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        AdminSettings settings = BeanLookup.get(AdminSettings.class);
        NodeOperations node = new NodeOperations(
                BeanLookup.get(Hub.class),
                BeanLookup.get(ConnectionRegistry.class),
                BeanLookup.get(Drain.class),
                BeanLookup.get(ClusterSettings.class),
                settings.drainWait());
        String context = event.getServletContext().getContextPath();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        register(server, new NodeBean(node, BuildVersion.read()), name("Node", context));
        register(server, new DrainBean(node), name("Drain", context));
    }

    private void register(MBeanServer server, Object bean, ObjectName name) {
        try {
            if (server.isRegistered(name)) {
                // A deployment that did not stop cleanly left it; this one's state is the live one.
                server.unregisterMBean(name);
            }
            server.registerMBean(bean, name);
            registered.add(name);
        } catch (JMException e) {
            LOG.log(System.Logger.Level.WARNING, "MBean {0} could not be registered", name, e);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                LOG.log(System.Logger.Level.DEBUG, "MBean {0} was already gone", name);
            }
        }
        registered.clear();
    }

    /** The node MBean. */
    private static final class NodeBean implements NodeMXBean {
        private final NodeOperations node;
        private final String version;

        NodeBean(NodeOperations node, String version) {
            this.node = node;
            this.version = version;
        }

        @Override
        public String getNodeId() {
            return node.nodeId();
        }

        @Override
        public String getVersion() {
            return version;
        }

        @Override
        public long getConnections() {
            return node.registry().count();
        }

        @Override
        public long getWebSocketConnections() {
            return node.count(Transport.WEBSOCKET);
        }

        @Override
        public long getSseConnections() {
            return node.count(Transport.SSE);
        }

        @Override
        public long getTcpConnections() {
            return node.count(Transport.TCP);
        }

        @Override
        public long getChannels() {
            return node.hub().channels().size();
        }

        @Override
        public boolean closeConnection(String id, int code, String reason) {
            return node.closeConnection(id, code, reason == null ? "" : reason, ACTOR);
        }

        @Override
        public int closeUser(String user, int code, String reason) {
            return node.closeUser(user, code, reason == null ? "" : reason, ACTOR);
        }
    }

    /** The drain MBean. */
    private static final class DrainBean implements DrainMXBean {
        private final NodeOperations node;

        DrainBean(NodeOperations node) {
            this.node = node;
        }

        @Override
        public boolean isDraining() {
            return node.drain().draining();
        }

        @Override
        public String getSince() {
            return node.drain().status().since().map(Instant::toString).orElse(null);
        }

        @Override
        public String getDeadline() {
            return node.drain().status().deadline().map(Instant::toString).orElse(null);
        }

        @Override
        public String getStartedBy() {
            return node.drain().status().startedBy().orElse(null);
        }

        @Override
        public boolean startDrain(long seconds) {
            Optional<Duration> wait = seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
            return node.startDrain(wait, ACTOR).isPresent();
        }

        @Override
        public boolean cancelDrain() {
            return node.cancelDrain(ACTOR);
        }
    }
}
