package dev.switchboard.history.internal;

import dev.switchboard.config.SharedSchema;
import dev.switchboard.spi.HistoryStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * History in a database. The SQL is portable (H2 2.x and PostgreSQL): two tables, created with
 * {@code CREATE TABLE IF NOT EXISTS} on first use.
 *
 * <pre>
 * sb_history_channel (channel VARCHAR(1000) PRIMARY KEY, channel_epoch VARCHAR(32), last_offset BIGINT,
 *                     last_append BIGINT (epoch ms))
 * sb_history_entry   (channel VARCHAR(1000), channel_offset BIGINT, created_at BIGINT (epoch ms), message TEXT,
 *                     PRIMARY KEY (channel, channel_offset))
 * sb_history_meta    (name VARCHAR(32) PRIMARY KEY, text_value VARCHAR(16), number_value BIGINT)
 * </pre>
 *
 * <p>Reads create no rows: {@link #head} of a channel without a row answers offset 0 in the epoch its first append
 * will get, {@code <store id><generation>} (the generation in base 36) from the one {@code generation} row of {@code sb_history_meta}. A
 * channel row created where entries of an earlier life were left over moves the generation on first, so that
 * life's positions are never continued. To drop a channel by hand, delete its entries and its row and increment
 * {@code number_value} of the {@code generation} row.
 *
 * <p>At most {@code maxChannels} channels are kept: a new channel beyond it drops the channels least recently
 * appended to (rows and entries), down to nine tenths of the bound, in the appending transaction, and moves the
 * generation on. Clients resuming a dropped channel are told of an {@code epoch} gap.
 *
 * <p>An append is one transaction: it increments the channel's row (which row-locks it, so appends from several
 * nodes sharing the database are serialised per channel and offsets stay gap-free), inserts the entry, and
 * deletes the channel's entries beyond the count and age bounds. A channel row created anew (first use, or after
 * someone deleted it) gets a new epoch and drops any leftover entries, so old positions are never mistaken for
 * new ones. Channel names longer than 1000 characters cannot be stored.
 */
public final class JdbcHistoryStore implements HistoryStore {

    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS sb_history_channel (channel VARCHAR(1000) NOT NULL PRIMARY KEY,"
                    + " channel_epoch VARCHAR(32) NOT NULL, last_offset BIGINT NOT NULL,"
                    + " last_append BIGINT DEFAULT 0 NOT NULL)",
            // Tables created before the global cap existed lack the column the cap orders by.
            "ALTER TABLE sb_history_channel ADD COLUMN IF NOT EXISTS last_append BIGINT DEFAULT 0 NOT NULL",
            "CREATE TABLE IF NOT EXISTS sb_history_entry (channel VARCHAR(1000) NOT NULL,"
                    + " channel_offset BIGINT NOT NULL, created_at BIGINT NOT NULL, message TEXT NOT NULL,"
                    + " PRIMARY KEY (channel, channel_offset))",
            "CREATE TABLE IF NOT EXISTS sb_history_meta (name VARCHAR(32) NOT NULL PRIMARY KEY,"
                    + " text_value VARCHAR(16) NOT NULL, number_value BIGINT NOT NULL)");

    private static final int ATTEMPTS = 3;

    private final Supplier<DataSource> dataSourceLookup;
    private final int maxMessages;
    private final Duration maxAge;
    private final InstantSource clock;
    private final int maxChannels;
    private final ReentrantLock schemaLock = new ReentrantLock();
    private volatile DataSource dataSource;

    /**
     * Creates a store; nothing is looked up or created until first use.
     *
     * @param dataSource  finds the DataSource (a JNDI lookup), called once on first use
     * @param maxMessages most entries kept per channel
     * @param maxAge      how long an entry is kept
     * @param clock       the time source
     */
    public JdbcHistoryStore(Supplier<DataSource> dataSource, int maxMessages, Duration maxAge, InstantSource clock) {
        this(dataSource, maxMessages, maxAge, MemoryHistoryStore.DEFAULT_MAX_CHANNELS, clock);
    }

    /**
     * Creates a store with a bound on its channels; nothing is looked up or created until first use.
     *
     * @param dataSource  finds the DataSource (a JNDI lookup), called once on first use
     * @param maxMessages most entries kept per channel
     * @param maxAge      how long an entry is kept
     * @param maxChannels most channels kept
     * @param clock       the time source
     */
    public JdbcHistoryStore(
            Supplier<DataSource> dataSource, int maxMessages, Duration maxAge, int maxChannels, InstantSource clock) {
        if (maxChannels <= 0) {
            throw new IllegalArgumentException("maxChannels must be positive: " + maxChannels);
        }
        this.dataSourceLookup = dataSource;
        this.maxMessages = maxMessages;
        this.maxAge = maxAge;
        this.maxChannels = maxChannels;
        this.clock = clock;
    }

    /** Every call is a database round trip. */
    @Override
    public boolean mayBlock() {
        return true;
    }

    /** Every node of a cluster is configured with the same database. */
    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public Position append(String channel, String message) {
        return inTransaction("Appending to the history of " + channel, connection -> {
            Position position = increment(connection, channel);
            long now = clock.millis();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sb_history_entry"
                    + " (channel, channel_offset, created_at, message) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, channel);
                insert.setLong(2, position.offset());
                insert.setLong(3, now);
                insert.setString(4, message);
                insert.executeUpdate();
            }
            try (PreparedStatement prune = connection.prepareStatement("DELETE FROM sb_history_entry"
                    + " WHERE channel = ? AND (channel_offset <= ? OR created_at < ?)")) {
                prune.setString(1, channel);
                prune.setLong(2, position.offset() - maxMessages);
                prune.setLong(3, now - maxAge.toMillis());
                prune.executeUpdate();
            }
            return position;
        });
    }

    @Override
    public Position head(String channel) {
        try (Connection connection = connection()) {
            // The generation first: a channel born after it in the same generation is the life the answer continues.
            String unborn = generationEpoch(connection);
            return select(connection, channel).orElse(new Position(unborn, 0));
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the history head of " + channel + " failed", e);
        }
    }

    /** Work done in one transaction. */
    @FunctionalInterface
    private interface TransactionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs work in a transaction, retrying when another node created the same channel row at the same moment
     * (a constraint violation on insert): the next attempt then finds and updates that row.
     */
    private <T> T inTransaction(String what, TransactionWork<T> work) {
        SQLException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (Connection connection = connection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    // Pooled connections go back as they came.
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                last = e;
                if (!SharedSchema.isConstraintViolation(e)) {
                    break;
                }
            }
        }
        throw new IllegalStateException(what + " failed", last);
    }

    @Override
    public List<Entry> read(String channel, long afterOffset, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        try (Connection connection = connection();
                PreparedStatement query = connection.prepareStatement("SELECT channel_offset, created_at, message"
                        + " FROM sb_history_entry WHERE channel = ? AND channel_offset > ? AND created_at >= ?"
                        + " ORDER BY channel_offset LIMIT ?")) {
            query.setString(1, channel);
            query.setLong(2, afterOffset);
            query.setLong(3, clock.millis() - maxAge.toMillis());
            query.setInt(4, limit);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getLong(1), rows.getString(3), Instant.ofEpochMilli(rows.getLong(2))));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the history of " + channel + " failed", e);
        }
    }

    /** Takes the channel's next offset, creating the channel (with a new epoch) on first use. */
    private Position increment(Connection connection, String channel) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE sb_history_channel SET last_offset = last_offset + 1, last_append = ? WHERE channel = ?")) {
            update.setLong(1, clock.millis());
            update.setString(2, channel);
            if (update.executeUpdate() == 0) {
                Position created = create(connection, channel, 1, clock.millis());
                capChannels(connection, channel);
                return created;
            }
        }
        return select(connection, channel).orElseThrow(() -> new SQLException("channel row vanished: " + channel));
    }

    private static Optional<Position> select(Connection connection, String channel) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT channel_epoch, last_offset FROM sb_history_channel WHERE channel = ?")) {
            query.setString(1, channel);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(new Position(rows.getString(1), rows.getLong(2))) : Optional.empty();
            }
        }
    }

    private static Position create(Connection connection, String channel, long offset, long now) throws SQLException {
        // Entries left from a deleted channel row belong to an epoch nobody can name any more.
        int leftovers;
        try (PreparedStatement clear = connection.prepareStatement("DELETE FROM sb_history_entry WHERE channel = ?")) {
            clear.setString(1, channel);
            leftovers = clear.executeUpdate();
        }
        if (leftovers > 0) {
            // An earlier life existed: a new generation, so its positions are never taken for this one's.
            try (PreparedStatement next = connection.prepareStatement(
                    "UPDATE sb_history_meta SET number_value = number_value + 1 WHERE name = 'generation'")) {
                next.executeUpdate();
            }
        }
        String epoch = generationEpoch(connection);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO sb_history_channel (channel, channel_epoch, last_offset, last_append)"
                        + " VALUES (?, ?, ?, ?)")) {
            insert.setString(1, channel);
            insert.setString(2, epoch);
            insert.setLong(3, offset);
            insert.setLong(4, now);
            insert.executeUpdate();
        }
        return new Position(epoch, offset);
    }

    /**
     * Drops the channels least recently appended to, other than the one just created, when there are more than
     * {@code maxChannels}; runs in the appending transaction, so only channel creations pay for the count.
     */
    private void capChannels(Connection connection, String created) throws SQLException {
        long count;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM sb_history_channel")) {
            rows.next();
            count = rows.getLong(1);
        }
        if (count <= maxChannels) {
            return;
        }
        long excess = count - (maxChannels - maxChannels / 10);
        List<String> victims = new ArrayList<>();
        try (PreparedStatement oldest = connection.prepareStatement("SELECT channel FROM sb_history_channel"
                + " WHERE channel <> ? ORDER BY last_append, channel LIMIT ?")) {
            oldest.setString(1, created);
            oldest.setLong(2, excess);
            try (ResultSet rows = oldest.executeQuery()) {
                while (rows.next()) {
                    victims.add(rows.getString(1));
                }
            }
        }
        // A new generation first: a dropped channel appended to again must get an epoch no client has seen.
        try (PreparedStatement next = connection.prepareStatement(
                "UPDATE sb_history_meta SET number_value = number_value + 1 WHERE name = 'generation'")) {
            next.executeUpdate();
        }
        try (PreparedStatement entries = connection.prepareStatement("DELETE FROM sb_history_entry WHERE channel = ?");
                PreparedStatement row =
                        connection.prepareStatement("DELETE FROM sb_history_channel WHERE channel = ?")) {
            for (String victim : victims) {
                entries.setString(1, victim);
                entries.executeUpdate();
                row.setString(1, victim);
                row.executeUpdate();
            }
        }
    }

    /** The epoch a channel born now gets: the store id and the current generation. */
    private static String generationEpoch(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT text_value, number_value FROM sb_history_meta WHERE name = 'generation'")) {
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("sb_history_meta has no generation row");
                }
                return rows.getString(1) + Long.toString(rows.getLong(2), 36);
            }
        }
    }

    @Override
    public Optional<Size> size() {
        try (Connection connection = connection();
                Statement statement = connection.createStatement()) {
            long channels;
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM sb_history_channel")) {
                rows.next();
                channels = rows.getLong(1);
            }
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM sb_history_entry")) {
                rows.next();
                return Optional.of(new Size(channels, rows.getLong(1)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Counting the JDBC history failed: " + e.getMessage(), e);
        }
    }

    private Connection connection() throws SQLException {
        DataSource source = dataSource;
        if (source == null) {
            schemaLock.lock();
            try {
                source = dataSource;
                if (source == null) {
                    source = dataSourceLookup.get();
                    createSchema(source);
                    dataSource = source;
                }
            } finally {
                schemaLock.unlock();
            }
        }
        return source.getConnection();
    }

    private static void createSchema(DataSource source) throws SQLException {
        SharedSchema.create(source, SCHEMA);
        try (Connection connection = source.getConnection();
                Statement statement = connection.createStatement()) {
            try {
                // The store id is drawn once for everyone sharing the database; a second node's insert loses.
                statement.execute("INSERT INTO sb_history_meta (name, text_value, number_value) VALUES ('generation', '"
                        + Epochs.next() + "', 0)");
            } catch (SQLException e) {
                if (!SharedSchema.isConstraintViolation(e)) {
                    throw e;
                }
            }
        }
    }
}
