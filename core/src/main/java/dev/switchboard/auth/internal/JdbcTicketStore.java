package dev.switchboard.auth.internal;

import dev.switchboard.api.Identity;
import dev.switchboard.config.SharedSchema;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Connect tickets in a table every node of a cluster shares, so that a ticket issued on one node is redeemed, once, on
 * any. The SQL is portable (H2 2.x and PostgreSQL); the table and its indexes are created with
 * {@code CREATE ... IF NOT EXISTS} on first use:
 *
 * <pre>
 * sb_ticket (hash                VARCHAR(64) PRIMARY KEY  -- SHA-256 of the ticket, hex; never the ticket itself
 *            user_key            VARCHAR(64)              -- SHA-256 of the user name, hex: indexable at any length
 *            user_name           TEXT
 *            roles               TEXT                     -- a JSON array of strings
 *            method              VARCHAR(64)              -- the identity's method ("session" for a login's)
 *            identity_expires_at VARCHAR(40)              -- the identity's expiry, ISO-8601 to the nanosecond; NULL
 *                                                         -- for none. Exact, because a login's expiry tells it
 *                                                         -- from the user's other logins
 *            expires_at          BIGINT)                  -- the ticket's expiry, epoch milliseconds
 * sb_ticket_user   ON sb_ticket (user_key, expires_at)
 * sb_ticket_expiry ON sb_ticket (expires_at)
 * </pre>
 *
 * <p><b>Redeeming</b> is one transaction: it reads the row of the ticket's hash, then deletes it with
 * {@code DELETE ... WHERE hash = ? AND expires_at > ?}; only a redemption whose delete removed the row wins. Two
 * redemptions racing, on one node or on two, both try to delete the same row; the database lets one delete it and
 * the other finds it gone (or, where the database reports the conflict instead, fails), so at most one wins. A
 * ticket that is not 43 URL-safe Base64 characters is refused without a query.
 *
 * <p><b>Budgets.</b> Issuing counts the user's unexpired tickets and then everybody's in the issuing transaction, and
 * refuses with {@link TicketLimitException} as the memory store does; {@code tickets.max} is then the cluster's
 * bound, not one node's. A node serialises the issues of one user, so one node alone never exceeds a user's budget;
 * issues racing elsewhere (another user's for the total, another node's for either) can each see room for the last
 * ticket, so a budget may be exceeded by at most the number of issues racing at that instant. Every issue also deletes up to {@value #PURGE_BATCH} expired tickets, oldest first,
 * so expired rows cannot pile up and no single request pays for many.
 */
public final class JdbcTicketStore implements TicketStore {

    private static final System.Logger LOG = System.getLogger(JdbcTicketStore.class.getName());

    /** The table. */
    public static final String TABLE = "sb_ticket";

    /** Expired tickets one issue deletes at most. */
    static final int PURGE_BATCH = 100;

    /** Longest identity method kept; a longer one cannot be a method Switchboard names. */
    private static final int MAX_METHOD = 64;

    private static final int LOCK_STRIPES = 64;

    private static final Pattern TICKET = Pattern.compile("[A-Za-z0-9_-]{43}");

    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS " + TABLE + " (hash VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " user_key VARCHAR(64) NOT NULL, user_name TEXT NOT NULL, roles TEXT NOT NULL,"
                    + " method VARCHAR(" + MAX_METHOD + ") NOT NULL, identity_expires_at VARCHAR(40),"
                    + " expires_at BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS sb_ticket_user ON " + TABLE + " (user_key, expires_at)",
            "CREATE INDEX IF NOT EXISTS sb_ticket_expiry ON " + TABLE + " (expires_at)");

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration ttl;
    private final int capacity;
    private final int perUser;
    private final SecureRandom random = new SecureRandom();
    /** Serialises this node's issues per user (striped), so that a user's count-then-insert never races itself here. */
    private final ReentrantLock[] issueLocks = new ReentrantLock[LOCK_STRIPES];

    private final ReentrantLock schemaLock = new ReentrantLock();
    private volatile boolean created;

    /**
     * Creates the store; its table is created at the first use.
     *
     * @param dataSource the database every node shares
     * @param clock      the clock
     * @param ttl        how long a ticket stays redeemable
     * @param capacity   the most tickets outstanding at once, in the whole cluster
     * @param perUser    the most tickets one user may have outstanding at once
     */
    public JdbcTicketStore(DataSource dataSource, Clock clock, Duration ttl, int capacity, int perUser) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A ticket lifetime must be positive: " + ttl);
        }
        if (capacity < 1 || perUser < 1) {
            throw new IllegalArgumentException("Ticket budgets must be at least 1: " + capacity + ", " + perUser);
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.ttl = ttl;
        this.capacity = capacity;
        this.perUser = perUser;
        for (int i = 0; i < issueLocks.length; i++) {
            issueLocks[i] = new ReentrantLock();
        }
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    /** Every node of a cluster is configured with the same database. */
    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String issue(Identity identity) {
        if (identity.method().length() > MAX_METHOD) {
            throw new IllegalArgumentException("An identity method longer than " + MAX_METHOD + " characters");
        }
        String ticket = Tickets.draw(random);
        String hash = sha256(ticket);
        String userKey = sha256(identity.name());
        ReentrantLock issueLock = issueLocks[Math.floorMod(userKey.hashCode(), issueLocks.length)];
        issueLock.lock();
        try {
            TicketLimitException refused = inTransaction("Issuing a connect ticket", connection -> {
                Instant now = clock.instant();
                long nowMillis = now.toEpochMilli();
                purge(connection, nowMillis);
                Budget own = count(connection, "user_key = ? AND expires_at > ?", userKey, nowMillis);
                if (own.count() >= perUser) {
                    return new TicketLimitException(
                            "Too many unused connect tickets for this user (at most " + perUser
                                    + "); use or let expire one of them first",
                            Tickets.retryAfter(own.oldestExpiry(), now),
                            true);
                }
                Budget all = count(connection, "expires_at > ?", null, nowMillis);
                if (all.count() >= capacity) {
                    return new TicketLimitException(
                            "Too many outstanding connect tickets on this server; try again shortly",
                            Tickets.retryAfter(all.oldestExpiry(), now),
                            false);
                }
                insert(connection, hash, userKey, identity, now.plus(ttl).toEpochMilli());
                return null;
            });
            if (refused != null) {
                throw refused;
            }
            return ticket;
        } finally {
            issueLock.unlock();
        }
    }

    @Override
    public Optional<Ticket> redeem(String ticket) {
        if (ticket == null || !TICKET.matcher(ticket).matches()) {
            return Optional.empty();
        }
        String hash = sha256(ticket);
        try (Connection connection = connection()) {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                Optional<Row> row = select(connection, hash);
                int deleted = 0;
                if (row.isPresent()) {
                    try (PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM " + TABLE + " WHERE hash = ? AND expires_at > ?")) {
                        delete.setString(1, hash);
                        delete.setLong(2, clock.millis());
                        deleted = delete.executeUpdate();
                    }
                }
                connection.commit();
                return deleted == 1 ? row.flatMap(Row::ticket) : Optional.empty();
            } catch (SQLException e) {
                rollback(connection);
                if (isConflict(e)) {
                    // Another redemption holds or took the row: this one did not win, which is all it needs to know.
                    LOG.log(System.Logger.Level.DEBUG, "A racing redemption of a ticket lost: {0}", e.getMessage());
                    return Optional.empty();
                }
                throw e;
            } catch (RuntimeException e) {
                rollback(connection);
                throw e;
            } finally {
                connection.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Redeeming a connect ticket failed", e);
        }
    }

    @Override
    public int revokeLogin(Identity login) {
        if (!Logins.SESSION_METHOD.equals(login.method()) || login.expiresAt().isEmpty()) {
            return 0; // not a login: no ticket was issued for it (Logins.ofLogin)
        }
        return inTransaction("Withdrawing the connect tickets of a login", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE
                    + " WHERE user_key = ? AND identity_expires_at = ? AND method IN (?, ?, ?)")) {
                delete.setString(1, sha256(login.name()));
                delete.setString(2, login.expiresAt().get().toString());
                delete.setString(3, Logins.SESSION_METHOD);
                delete.setString(4, Logins.TICKET_METHOD);
                delete.setString(5, Logins.SESSION_TOKEN_METHOD);
                return delete.executeUpdate();
            }
        });
    }

    /**
     * The number of rows, expired ones not yet purged included (for tests and monitoring of the bound).
     *
     * @return the count
     */
    public int size() {
        return inTransaction("Counting connect tickets", connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    /** How many unexpired tickets a budget holds, and when its oldest expires. */
    private record Budget(long count, Instant oldestExpiry) {}

    private static Budget count(Connection connection, String where, String userKey, long now) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT COUNT(*), MIN(expires_at) FROM " + TABLE + " WHERE " + where)) {
            int index = 1;
            if (userKey != null) {
                query.setString(index++, userKey);
            }
            query.setLong(index, now);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                long count = rows.getLong(1);
                long oldest = rows.getLong(2);
                return new Budget(count, Instant.ofEpochMilli(rows.wasNull() ? now : oldest));
            }
        }
    }

    /** Deletes up to a batch of expired tickets, the oldest first. */
    private static void purge(Connection connection, long now) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE hash IN"
                + " (SELECT hash FROM " + TABLE + " WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)")) {
            delete.setLong(1, now);
            delete.setInt(2, PURGE_BATCH);
            delete.executeUpdate();
        }
    }

    private static void insert(Connection connection, String hash, String userKey, Identity identity, long expiresAt)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                + " (hash, user_key, user_name, roles, method, identity_expires_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, hash);
            insert.setString(2, userKey);
            insert.setString(3, identity.name());
            insert.setString(4, rolesJson(identity.roles()));
            insert.setString(5, identity.method());
            if (identity.expiresAt().isPresent()) {
                insert.setString(6, identity.expiresAt().get().toString());
            } else {
                insert.setNull(6, Types.VARCHAR);
            }
            insert.setLong(7, expiresAt);
            insert.executeUpdate();
        }
    }

    /** A row as read, turned into a ticket only by the redemption that deleted it. */
    private record Row(String name, String roles, String method, String identityExpiresAt, long expiresAt) {

        Optional<Ticket> ticket() {
            try {
                Optional<Instant> identityExpiry =
                        identityExpiresAt == null ? Optional.empty() : Optional.of(Instant.parse(identityExpiresAt));
                return Optional.of(new Ticket(
                        new Identity(name, parseRoles(roles), method, identityExpiry),
                        Instant.ofEpochMilli(expiresAt)));
            } catch (JsonException | DateTimeException | IllegalArgumentException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "A row of " + TABLE + " could not be read and was redeemed as an unknown ticket: " + e);
                return Optional.empty();
            }
        }
    }

    private static Optional<Row> select(Connection connection, String hash) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT user_name, roles, method,"
                + " identity_expires_at, expires_at FROM " + TABLE + " WHERE hash = ?")) {
            query.setString(1, hash);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(
                        rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getLong(5)));
            }
        }
    }

    private static String rolesJson(Set<String> roles) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        roles.stream().sorted().forEach(array::add);
        return array.build().toString();
    }

    private static Set<String> parseRoles(String json) {
        JsonArray array;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            array = reader.readArray();
        }
        Set<String> roles = new HashSet<>();
        for (JsonValue value : array) {
            if (!(value instanceof JsonString role)) {
                throw new IllegalArgumentException("a role that is not a string");
            }
            roles.add(role.getString());
        }
        return roles;
    }

    /** Work done in one transaction. */
    @FunctionalInterface
    private interface TransactionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(String what, TransactionWork<T> work) {
        try (Connection connection = connection()) {
            boolean auto = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                throw e;
            } finally {
                // Pooled connections go back as they came.
                connection.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed", e);
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "Rolling back failed too: {0}", e.getMessage());
        }
    }

    private Connection connection() throws SQLException {
        if (!created) {
            schemaLock.lock();
            try {
                if (!created) {
                    createSchema();
                    created = true;
                }
            } finally {
                schemaLock.unlock();
            }
        }
        return dataSource.getConnection();
    }

    private void createSchema() throws SQLException {
        SharedSchema.create(dataSource, SCHEMA);
    }

    /**
     * A conflict with a concurrent transaction: class 40 (serialization failure, deadlock) in both databases, 55P03
     * (lock not available) in PostgreSQL, HYT00 (lock timeout) and 90131 (concurrent update) in H2.
     */
    private static boolean isConflict(SQLException e) {
        String state = e.getSQLState();
        return state != null
                && (state.startsWith("40") || state.equals("55P03") || state.equals("HYT00") || state.equals("90131"));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }
}
