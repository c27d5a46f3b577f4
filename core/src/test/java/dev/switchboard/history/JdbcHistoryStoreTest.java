package dev.switchboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.history.internal.JdbcHistoryStore;
import dev.switchboard.spi.HistoryStore;
import dev.switchboard.spi.ReplayPlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcHistoryStoreTest extends HistoryStoreContract {

    private JdbcDataSource dataSource;

    @BeforeEach
    void database() {
        dataSource = new JdbcDataSource();
        // A private in-memory database per test, kept while the test runs.
        dataSource.setURL("jdbc:h2:mem:history-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Override
    HistoryStore store() {
        return new JdbcHistoryStore(() -> dataSource, MAX_MESSAGES, MAX_AGE, clock);
    }

    @Override
    HistoryStore storeAfterHistoryLoss() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM sb_history_channel");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return store();
    }

    @Override
    long heldChannels(HistoryStore store) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            // A store never used has not even created its tables: it holds nothing.
            try (ResultSet tables = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE LOWER(TABLE_NAME) = 'sb_history_channel'")) {
                tables.next();
                if (tables.getInt(1) == 0) {
                    return 0;
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM sb_history_channel")) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theChannelCapDropsTheChannelsLeastRecentlyAppendedToAndTheirClientsSeeAGap() {
        HistoryStore store = new JdbcHistoryStore(() -> dataSource, MAX_MESSAGES, MAX_AGE, 10, clock);
        HistoryStore.Position seen = null;
        for (int i = 0; i < 10; i++) {
            HistoryStore.Position position = store.append("c" + i, "m");
            if (i == 1) {
                seen = position;
            }
            clock.advance(java.time.Duration.ofMillis(5));
        }
        store.append("c0", "again");
        clock.advance(java.time.Duration.ofMillis(5));

        store.append("c10", "m");

        assertThat(heldChannels(store)).isLessThanOrEqualTo(10);
        assertThat(store.read("c1", 0, 10)).as("least recently appended").isEmpty();
        assertThat(store.read("c0", 0, 10)).as("appended to lately").hasSize(2);
        store.append("c1", "reborn");
        ReplayPlan resume = ReplayPlanner.plan(java.util.Optional.of(store), "c1", java.util.Optional.of(seen), 100);
        assertThat(resume.gap())
                .hasValueSatisfying(gap -> assertThat(gap.reason()).isEqualTo(ReplayPlan.Gap.EPOCH));
        assertThat(resume.entries()).extracting(HistoryStore.Entry::message).containsExactly("reborn");
    }

    @Test
    void schemaIsCreatedOnFirstUseAndHistorySurvivesANewStoreInstance() throws Exception {
        HistoryStore first = store();
        HistoryStore.Position position = first.append("durable", "kept");

        HistoryStore second = store();

        assertThat(second.head("durable")).isEqualTo(position);
        assertThat(second.read("durable", 0, 10))
                .extracting(HistoryStore.Entry::message)
                .containsExactly("kept");
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                        + " WHERE LOWER(TABLE_NAME) IN ('sb_history_channel', 'sb_history_entry')")) {
            tables.next();
            assertThat(tables.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void leftoverEntriesOfADeletedChannelRowAreNotServedInTheNewEpoch() {
        HistoryStore store = store();
        store.append("c", "old epoch");

        HistoryStore after = storeAfterHistoryLoss();
        after.append("c", "new epoch");

        assertThat(after.read("c", 0, 10))
                .extracting(HistoryStore.Entry::message)
                .containsExactly("new epoch");
    }
}
