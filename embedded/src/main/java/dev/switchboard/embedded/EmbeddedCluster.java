package dev.switchboard.embedded;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * The embedded server's side of clustering: the Artemis connection factory core's cluster broker looks up, and,
 * when {@link ConfigKeys#CLUSTER_EMBEDDED_BROKER} is set, an Artemis broker inside this node that the other nodes
 * join with {@link ConfigKeys#CLUSTER_BROKER_URL}. An application server provides both itself.
 *
 * <p>The factory is bound at {@value #FACTORY_NAME} and {@link ConfigKeys#CLUSTER_CONNECTION_FACTORY} is set to it
 * unless configured otherwise. The broker keeps messages in memory, or in a journal under
 * {@code <data-dir>/artemis} when a data directory is configured; security is off, so its acceptor must listen on
 * an address only the cluster's nodes reach (loopback or a private network).
 */
final class EmbeddedCluster extends AbstractLifeCycle {

    /** Where the connection factory is bound. */
    static final String FACTORY_NAME = "java:comp/env/jms/switchboard-cluster";

    private static final System.Logger LOG = System.getLogger(EmbeddedCluster.class.getName());

    private final boolean enabled;
    private final boolean factoryConfigured;
    private final Optional<String> embeddedBroker;
    private final Optional<String> brokerUrl;
    private final Path dataDir;
    private EmbeddedActiveMQ broker;
    private ActiveMQConnectionFactory factory;

    /**
     * Reads the cluster keys.
     *
     * @param environment the server's env-entries ({@code switchboard/<key>} to value), which win over system
     *                    properties and environment variables as they do for core
     * @param dataDir     the data directory, or null
     */
    EmbeddedCluster(Map<String, String> environment, Path dataDir) {
        ConfigReader reader = reader(environment);
        this.factoryConfigured = reader.getString(ConfigKeys.CLUSTER_CONNECTION_FACTORY, null) != null;
        this.enabled = reader.getBoolean(ConfigKeys.CLUSTER_ENABLED, false);
        this.embeddedBroker = Optional.ofNullable(reader.getString(ConfigKeys.CLUSTER_EMBEDDED_BROKER, null));
        this.brokerUrl = Optional.ofNullable(reader.getString(ConfigKeys.CLUSTER_BROKER_URL, null));
        this.dataDir = dataDir;
        if (enabled && embeddedBroker.isEmpty() && brokerUrl.isEmpty()) {
            // Core may still find a factory the application bound itself under the configured name.
            LOG.log(
                    System.Logger.Level.INFO,
                    "Clustering is on without {0} or {1}: the connection factory must be bound by the application",
                    ConfigKeys.CLUSTER_BROKER_URL,
                    ConfigKeys.CLUSTER_EMBEDDED_BROKER);
        }
    }

    /**
     * Tells whether this node provides a connection factory.
     *
     * @return true when clustering is on with a broker URL or an embedded broker
     */
    boolean providesFactory() {
        return enabled && (embeddedBroker.isPresent() || brokerUrl.isPresent());
    }

    /**
     * The env-entries this node adds so core finds the factory: the factory's name, unless configured.
     *
     * @return entries as {@code switchboard/<key>} to value
     */
    Map<String, String> environmentEntries() {
        if (!providesFactory() || factoryConfigured) {
            return Map.of();
        }
        return Map.of(
                "switchboard/" + ConfigKeys.CLUSTER_CONNECTION_FACTORY.substring(ConfigKeys.PREFIX.length()),
                FACTORY_NAME);
    }

    /**
     * A reader over the server's env-entries, then system properties and environment variables, the order core
     * reads them in.
     *
     * @param environment the env-entries, {@code switchboard/<key>} to value
     * @return the reader
     */
    static ConfigReader reader(Map<String, String> environment) {
        return new ConfigReader(List.of(
                entries(environment), ConfigReader.systemProperties(), ConfigReader.environment(System.getenv())));
    }

    /**
     * The connection factory, once started.
     *
     * @return the factory
     */
    ActiveMQConnectionFactory factory() {
        return factory;
    }

    @Override
    protected void doStart() throws Exception {
        if (!providesFactory()) {
            return;
        }
        if (embeddedBroker.isPresent()) {
            Configuration configuration = new ConfigurationImpl()
                    .setName("switchboard")
                    .setSecurityEnabled(false)
                    .setPersistenceEnabled(dataDir != null)
                    .setJMXManagementEnabled(false)
                    .addAcceptorConfiguration("cluster", embeddedBroker.get());
            if (dataDir != null) {
                Path journal = dataDir.toAbsolutePath().resolve("artemis");
                configuration
                        .setJournalDirectory(journal.resolve("journal").toString())
                        .setBindingsDirectory(journal.resolve("bindings").toString())
                        .setLargeMessagesDirectory(
                                journal.resolve("large-messages").toString())
                        .setPagingDirectory(journal.resolve("paging").toString());
            }
            broker = new EmbeddedActiveMQ();
            broker.setConfiguration(configuration);
            broker.start();
            LOG.log(System.Logger.Level.INFO, "Cluster broker (Artemis) accepting at {0}", embeddedBroker.get());
        }
        String url = brokerUrl.orElseGet(embeddedBroker::get);
        factory = new ActiveMQConnectionFactory(url);
        LOG.log(System.Logger.Level.INFO, "Cluster connection factory for {0} bound at {1}", url, FACTORY_NAME);
    }

    @Override
    protected void doStop() throws Exception {
        boolean clientUsed = factory != null;
        if (factory != null) {
            factory.close();
            factory = null;
        }
        if (broker != null) {
            broker.stop();
            broker = null;
        }
        if (clientUsed) {
            // The Artemis client's thread pools are global to the JVM and outlive every factory unless cleared. Cleared
            // last: the broker's own stop still uses them, and a pool cleared before it would be made again and left.
            ActiveMQClient.clearThreadPools();
        }
    }

    private static ConfigReader.Source entries(Map<String, String> environment) {
        return new ConfigReader.Source() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(environment.get("switchboard/" + key.substring(ConfigKeys.PREFIX.length())));
            }

            @Override
            public String describe() {
                return "server env-entry";
            }
        };
    }
}
