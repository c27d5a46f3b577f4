package dev.switchboard.history;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.DataSources;
import dev.switchboard.history.internal.JdbcHistoryStore;
import dev.switchboard.history.internal.MemoryHistoryStore;
import dev.switchboard.spi.HistoryStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.InstantSource;
import javax.sql.DataSource;

/**
 * Produces the {@link HistoryStore} that {@code switchboard.history.store} names. For {@code none} it produces a
 * store that keeps nothing and whose positions are {@link HistoryStore.Position#NONE}, so the hub and the
 * transports need no special case. An application replaces the store with an {@code @Alternative @Priority}
 * bean of its own.
 */
@ApplicationScoped
public class HistoryStoreProducer {

    private static final System.Logger LOG = System.getLogger(HistoryStoreProducer.class.getName());

    /** The store of {@code none}: remembers nothing. */
    static final HistoryStore NONE = new HistoryStore() {
        @Override
        public Position append(String channel, String message) {
            return Position.NONE;
        }

        @Override
        public Position head(String channel) {
            return Position.NONE;
        }

        @Override
        public java.util.List<Entry> read(String channel, long afterOffset, int limit) {
            return java.util.List.of();
        }
    };

    private final HistorySettings settings;
    private final DataSources dataSources;

    /**
     * Creates the producer.
     *
     * @param settings    the history settings
     * @param dataSources where the JDBC store finds its DataSource
     */
    @Inject
    public HistoryStoreProducer(HistorySettings settings, DataSources dataSources) {
        this.settings = settings;
        this.dataSources = dataSources;
    }

    /** For the CDI proxy of a normal-scoped bean. */
    HistoryStoreProducer() {
        this(null, null);
    }

    @Produces
    @ApplicationScoped
    HistoryStore store() {
        LOG.log(
                System.Logger.Level.INFO,
                "Channel history: {0}, at most {1} messages and {2} s per channel{3}",
                settings.store().name().toLowerCase(java.util.Locale.ROOT),
                settings.maxMessages(),
                settings.maxAge().toSeconds(),
                settings.store() == HistorySettings.Store.JDBC ? ", DataSource " + settings.dataSource() : "");
        return switch (settings.store()) {
            case MEMORY ->
                new MemoryHistoryStore(
                        settings.maxMessages(),
                        settings.maxAge(),
                        settings.maxChannels(),
                        settings.maxBytes(),
                        InstantSource.system());
            case JDBC ->
                new JdbcHistoryStore(
                        () -> lookup(settings.dataSource()),
                        settings.maxMessages(),
                        settings.maxAge(),
                        settings.maxChannels(),
                        InstantSource.system());
            case NONE -> NONE;
        };
    }

    void close(@Disposes HistoryStore store) {
        store.close();
    }

    private DataSource lookup(String name) {
        try {
            return dataSources.get(name);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "No DataSource at " + name + " for the JDBC history store (set " + ConfigKeys.DATASOURCE + ")", e);
        }
    }
}
