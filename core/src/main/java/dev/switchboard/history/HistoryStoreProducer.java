package dev.switchboard.history;

import dev.switchboard.config.ConfigReader;
import dev.switchboard.history.internal.JdbcHistoryStore;
import dev.switchboard.history.internal.MemoryHistoryStore;
import dev.switchboard.spi.HistoryStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.InstantSource;
import javax.naming.InitialContext;
import javax.naming.NamingException;
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

    @Produces
    @ApplicationScoped
    HistoryStore store() {
        HistorySettings settings = HistorySettings.read(ConfigReader.standard());
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

    private static DataSource lookup(String name) {
        try {
            InitialContext context = new InitialContext();
            try {
                return (DataSource) context.lookup(name);
            } finally {
                context.close();
            }
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException(
                    "No DataSource at " + name + " for the JDBC history store (set "
                            + dev.switchboard.config.ConfigKeys.DATASOURCE + ")",
                    e);
        }
    }
}
