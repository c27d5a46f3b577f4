package dev.switchboard.auth.internal;

import dev.switchboard.auth.AuthSettings;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.time.Clock;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Opens the ticket store {@code switchboard.auth.tickets.store} names. {@code auto}, the default, keeps a single node
 * exactly as before (memory) and gives a cluster the shared {@code jdbc} store, because behind a load balancer a
 * browser's login and its connections may reach different nodes.
 *
 * <p>When the {@code jdbc} store is chosen and no DataSource is bound at {@code switchboard.datasource}, the
 * deployment fails rather than falls back to memory: a cluster whose tickets work only on the issuing node refuses
 * some connections and not others, depending on where the load balancer sends them, which is far harder to diagnose
 * than a deployment that does not start. An administrator whose load balancer keeps each client on one node sets
 * {@code memory} explicitly, and is warned at startup.
 */
public final class TicketStores {

    private static final System.Logger LOG = System.getLogger(TicketStores.class.getName());

    /** The default DataSource, as {@link ConfigKeys#DATASOURCE} documents it. */
    static final String DEFAULT_DATASOURCE = "java:comp/env/jdbc/switchboard";

    private TicketStores() {}

    /**
     * Opens the configured store. The {@code jdbc} store's DataSource is looked up now, so a missing one fails the
     * deployment; its table is created at the first use.
     *
     * @param config     the configuration ({@code switchboard.auth.tickets.store}, {@code switchboard.datasource})
     * @param settings   the ticket lifetime and budgets
     * @param clustered  whether this node is part of a cluster ({@code switchboard.cluster.enabled})
     * @param dataSource looks a DataSource up by JNDI name, throwing when none is bound there
     * @param clock      the clock
     * @return the store
     * @throws IllegalStateException when the {@code jdbc} store is chosen and no DataSource is bound
     */
    public static TicketStore open(
            ConfigReader config,
            AuthSettings settings,
            boolean clustered,
            Function<String, DataSource> dataSource,
            Clock clock) {
        String choice = config.getChoice(ConfigKeys.AUTH_TICKETS_STORE, "auto", "auto", "memory", "jdbc");
        boolean jdbc = choice.equals("jdbc") || (choice.equals("auto") && clustered);
        AuthSettings.Budgets budgets = settings.budgets();
        if (!jdbc) {
            if (clustered) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Clustering is on but {0}=memory: a connect ticket is redeemable only on the node that"
                                + " issued it, so the load balancer must send a client''s login and its connections"
                                + " to the same node",
                        ConfigKeys.AUTH_TICKETS_STORE);
            }
            return new Tickets(clock, settings.ticketTtl(), budgets.ticketsMax(), budgets.ticketsPerUser());
        }
        String name = config.getString(ConfigKeys.DATASOURCE, DEFAULT_DATASOURCE);
        DataSource found;
        try {
            found = dataSource.apply(name);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Connect tickets are kept in the database" + (choice.equals("auto") ? " when clustering is on" : "")
                            + " (" + ConfigKeys.AUTH_TICKETS_STORE + "=" + choice + "), so that a ticket issued on"
                            + " one node is redeemed on any, but no DataSource is bound at " + name + ". Bind the"
                            + " database every node shares there (or name it with " + ConfigKeys.DATASOURCE + "), or"
                            + " set " + ConfigKeys.AUTH_TICKETS_STORE + "=memory if the load balancer keeps each"
                            + " client on one node",
                    e);
        }
        LOG.log(
                System.Logger.Level.INFO,
                "Connect tickets: table {0} of the DataSource {1}, redeemable on every node",
                JdbcTicketStore.TABLE,
                name);
        return new JdbcTicketStore(found, clock, settings.ticketTtl(), budgets.ticketsMax(), budgets.ticketsPerUser());
    }
}
