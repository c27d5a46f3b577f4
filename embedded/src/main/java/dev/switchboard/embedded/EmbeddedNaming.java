package dev.switchboard.embedded;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.schedule.ManagedScheduler;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import org.eclipse.jetty.jndi.ContextFactory;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The JNDI resources an application server would provide: the H2 DataSource and the configuration env-entries
 * under {@code java:comp/env}, and the server's scheduled executor at {@value ManagedScheduler#DEFAULT_JNDI_NAME},
 * where core's {@link ManagedScheduler} looks first; bound while the server runs and removed when it stops.
 *
 * <p>Jetty's naming keeps one {@code java:comp} per class loader and finds it from the thread's context class
 * loader or any of its parents. Binding under the launcher's own class loader therefore makes the names visible
 * to the web application (whose loader is the same), to request and WebSocket threads, and to code that runs
 * the server in-process, such as tests.
 *
 * <p>The database is H2: in memory ({@value #MEMORY_URL}) unless a data directory is configured, in which case
 * it is the file {@code <data-dir>/switchboard.mv.db}, written through at every commit. Either way it is shut down when the server stops, so a
 * memory database starts empty with the next start and a file database is closed cleanly.
 */
final class EmbeddedNaming extends AbstractLifeCycle {

    /** The in-memory database; kept open between connections until the server stops. */
    static final String MEMORY_URL = "jdbc:h2:mem:switchboard;DB_CLOSE_DELAY=-1";

    private static final System.Logger LOG = System.getLogger(EmbeddedNaming.class.getName());
    private static final String COMP = "java:comp";

    private final ClassLoader loader;
    private final String dataSourceName;
    private final String jdbcUrl;
    private final Map<String, String> environment;
    private final SharedScheduler scheduler;
    private final List<String> bound = new ArrayList<>();
    private final boolean ownsDatabase;
    private final EmbeddedCluster cluster;
    private JdbcDataSource dataSource;
    /** Connections to a configured (shared) database, reused: each append is one short transaction. */
    private JdbcConnectionPool pool;

    /**
     * Describes the resources to bind.
     *
     * @param loader         the class loader whose {@code java:comp} receives the names
     * @param dataSourceName the DataSource name, {@code java:comp/env/...}
     * @param dataDir        where the database file lives, or null for an in-memory database
     * @param environment    env-entries: name below {@code java:comp/env} to value
     * @param scheduler      the executor to bind, started before this
     * @param cluster        the cluster's connection factory to bind, started before this
     */
    EmbeddedNaming(
            ClassLoader loader,
            String dataSourceName,
            Path dataDir,
            Map<String, String> environment,
            SharedScheduler scheduler,
            EmbeddedCluster cluster) {
        this.loader = loader;
        this.scheduler = scheduler;
        this.dataSourceName = dataSourceName;
        this.cluster = cluster;
        String configuredUrl = EmbeddedCluster.reader(environment).getString(ConfigKeys.DATASOURCE_URL, null);
        // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the database before Jetty stops the
        // application that may still be writing to it; doStop closes it instead.
        // WRITE_DELAY=0: H2 otherwise writes committed transactions to the file up to 500 ms later, so a killed
        // process loses publications whose QoS acknowledgment already went out, and bans already confirmed.
        this.jdbcUrl = configuredUrl != null
                ? configuredUrl
                : dataDir == null
                        ? MEMORY_URL
                        : "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("switchboard")
                                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        // A configured database is shared with others (the nodes of a cluster): this node must not shut it down.
        this.ownsDatabase = configuredUrl == null;
        this.environment = new LinkedHashMap<>(environment);
        this.environment.putAll(cluster.environmentEntries());
    }

    /**
     * The JDBC URL of the embedded database.
     *
     * @return the URL
     */
    String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    protected void doStart() throws NamingException {
        dataSource = new JdbcDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser("sa");
        dataSource.setPassword("");
        ClassLoader previous = ContextFactory.associateClassLoader(loader);
        try {
            Context comp = (Context) new InitialContext().lookup(COMP);
            // A database of this node's own lives in this JVM and opens connections cheaply; one over the network
            // (the cluster's shared database) would pay a connection per history append, so it is pooled.
            if (!ownsDatabase) {
                pool = JdbcConnectionPool.create(dataSource);
            }
            bind(comp, compRelative(dataSourceName), pool != null ? pool : dataSource);
            bind(comp, compRelative(ManagedScheduler.DEFAULT_JNDI_NAME), scheduler.executor());
            if (cluster.factory() != null) {
                bind(comp, compRelative(EmbeddedCluster.FACTORY_NAME), cluster.factory());
            }
            for (Map.Entry<String, String> entry : environment.entrySet()) {
                bind(comp, "env/" + entry.getKey(), entry.getValue());
            }
        } finally {
            restore(previous);
        }
        LOG.log(System.Logger.Level.INFO, "DataSource {0} is H2 at {1}", dataSourceName, jdbcUrl);
    }

    @Override
    protected void doStop() {
        ClassLoader previous = ContextFactory.associateClassLoader(loader);
        try {
            Context comp = (Context) new InitialContext().lookup(COMP);
            for (int i = bound.size() - 1; i >= 0; i--) {
                try {
                    comp.unbind(bound.get(i));
                } catch (NameNotFoundException ignored) {
                    // Already gone: the application may have unbound it; nothing left to clean up.
                }
            }
        } catch (NamingException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not unbind the embedded JNDI names", e);
        } finally {
            bound.clear();
            restore(previous);
        }
        if (ownsDatabase) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not shut the embedded database down cleanly", e);
            }
        }
        if (pool != null) {
            pool.dispose();
            pool = null;
        }
        dataSource = null;
    }

    private void bind(Context comp, String relativeName, Object value) throws NamingException {
        String[] parts = relativeName.split("/");
        Context context = comp;
        for (int i = 0; i < parts.length - 1; i++) {
            try {
                context = (Context) context.lookup(parts[i]);
            } catch (NameNotFoundException e) {
                context = context.createSubcontext(parts[i]);
            }
        }
        // rebind: a name left behind by a server that was not stopped must not keep this one from starting.
        context.rebind(parts[parts.length - 1], value);
        bound.add(relativeName);
    }

    private static String compRelative(String name) {
        String prefix = COMP + "/";
        if (!name.startsWith(prefix) || name.length() == prefix.length()) {
            throw new IllegalArgumentException(
                    "The embedded server binds its resources below java:comp/, not at '" + name + "'");
        }
        return name.substring(prefix.length());
    }

    private static void restore(ClassLoader previous) {
        if (previous == null) {
            ContextFactory.disassociateClassLoader();
        } else {
            ContextFactory.associateClassLoader(previous);
        }
    }
}
