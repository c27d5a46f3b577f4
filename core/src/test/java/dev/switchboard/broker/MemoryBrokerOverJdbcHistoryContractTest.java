package dev.switchboard.broker;

import dev.switchboard.history.internal.JdbcHistoryStore;
import dev.switchboard.spi.HistoryStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The in-memory broker over the JDBC history store on H2: a store that may block, so appends run in the per-channel
 * lanes on the scheduler and deliveries arrive after {@code publish} returned.
 */
class MemoryBrokerOverJdbcHistoryContractTest extends BrokerContract {

    @Override
    protected HistoryStore newStore() {
        JdbcDataSource dataSource = new JdbcDataSource();
        // A private in-memory database per store, kept while the test runs.
        dataSource.setURL("jdbc:h2:mem:broker-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return new JdbcHistoryStore(() -> dataSource, KEPT, Duration.ofMinutes(5), InstantSource.system());
    }

    @Override
    protected Cluster start(HistoryStore store) {
        return MemoryBrokerContractTest.oneNode(store);
    }
}
