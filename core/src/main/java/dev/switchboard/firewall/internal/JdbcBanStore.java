package dev.switchboard.firewall.internal;

import dev.switchboard.firewall.Ban;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Bans in table {@code switchboard_firewall_bans} and escalation levels in {@code switchboard_firewall_escalations},
 * created on first use with portable SQL. A replace is a delete and
 * an insert in one transaction, because MERGE/UPSERT syntax differs between databases.
 */
public final class JdbcBanStore implements BanStore {

    private static final String TABLE = "switchboard_firewall_bans";
    private static final String ESCALATIONS = "switchboard_firewall_escalations";

    private final DataSource dataSource;
    private volatile boolean created;

    /**
     * Creates the store; the tables are created at the first use.
     *
     * @param dataSource the database
     */
    public JdbcBanStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every node of a cluster is configured with the same database. */
    @Override
    public boolean shared() {
        return true;
    }

    private Connection open() throws SQLException {
        Connection connection = dataSource.getConnection();
        if (!created) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("CREATE TABLE IF NOT EXISTS " + TABLE + " (address VARCHAR(64) NOT NULL"
                        + " PRIMARY KEY, banned_at BIGINT NOT NULL, until_at BIGINT, reason VARCHAR(200) NOT NULL)");
                statement.executeUpdate("CREATE TABLE IF NOT EXISTS " + ESCALATIONS + " (address VARCHAR(64) NOT NULL"
                        + " PRIMARY KEY, level INT NOT NULL, last_ban BIGINT NOT NULL)");
            }
            created = true;
        }
        return connection;
    }

    @Override
    public List<Ban> load() {
        try (Connection connection = open();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT address, banned_at, until_at, reason FROM " + TABLE)) {
            List<Ban> bans = new ArrayList<>();
            while (rows.next()) {
                long until = rows.getLong(3);
                Optional<Instant> end = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(until));
                bans.add(new Ban(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)), end, rows.getString(4)));
            }
            return bans;
        } catch (SQLException e) {
            throw new IllegalStateException("Loading firewall bans failed", e);
        }
    }

    @Override
    public void save(Ban ban) {
        try {
            replace(TABLE, "address, banned_at, until_at, reason", "?, ?, ?, ?", ban.address(), insert -> {
                insert.setLong(2, ban.bannedAt().toEpochMilli());
                if (ban.until().isPresent()) {
                    insert.setLong(3, ban.until().get().toEpochMilli());
                } else {
                    insert.setNull(3, Types.BIGINT);
                }
                insert.setString(4, ban.reason().length() > 200 ? ban.reason().substring(0, 200) : ban.reason());
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Storing the firewall ban of " + ban.address() + " failed", e);
        }
    }

    @Override
    public void delete(String address) {
        try (Connection connection = open();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE address = ?")) {
            delete.setString(1, address);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Removing the firewall ban of " + address + " failed", e);
        }
    }

    @Override
    public List<EscalationLevel> loadEscalations() {
        try (Connection connection = open();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT address, level, last_ban FROM " + ESCALATIONS)) {
            List<EscalationLevel> levels = new ArrayList<>();
            while (rows.next()) {
                levels.add(
                        new EscalationLevel(rows.getString(1), rows.getInt(2), Instant.ofEpochMilli(rows.getLong(3))));
            }
            return levels;
        } catch (SQLException e) {
            throw new IllegalStateException("Loading firewall escalation levels failed", e);
        }
    }

    @Override
    public void saveEscalation(EscalationLevel level) {
        try {
            replace(ESCALATIONS, "address, level, last_ban", "?, ?, ?", level.address(), insert -> {
                insert.setInt(2, level.level());
                insert.setLong(3, level.lastBan().toEpochMilli());
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Storing the escalation level of " + level.address() + " failed", e);
        }
    }

    /** Binds the columns after the address (parameter 1) of an insert. */
    private interface Binder {
        void bind(PreparedStatement insert) throws SQLException;
    }

    /** Replaces the row of an address: a delete and an insert in one transaction. */
    private void replace(String table, String columns, String placeholders, String address, Binder binder)
            throws SQLException {
        try (Connection connection = open()) {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE address = ?");
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO " + table + " (" + columns + ") VALUES (" + placeholders + ")")) {
                delete.setString(1, address);
                delete.executeUpdate();
                insert.setString(1, address);
                binder.bind(insert);
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(auto);
            }
        }
    }
}
