package dev.switchboard.auth.internal;

import dev.switchboard.api.Identity;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.DataSources;
import dev.switchboard.spi.ChallengeKey;
import dev.switchboard.spi.CredentialStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Checks passwords against database tables; enabled by {@code switchboard.auth.jdbc.enabled=true}. Asked after the
 * users file.
 *
 * <p>The DataSource is the one bound in JNDI under {@code switchboard.auth.jdbc.datasource} (by default the
 * {@code switchboard.datasource} every other JDBC feature uses), looked up through {@link DataSources} on first
 * use. Two queries, each with the
 * user name as its one parameter, are configurable:
 * <pre>
 * SELECT password_hash FROM switchboard_users WHERE username = ?      -- one row, a {@link PasswordHashes} format
 * SELECT role FROM switchboard_user_roles WHERE username = ?           -- one role per row
 * </pre>
 * The tables are the administrator's: Switchboard never creates or writes them. A user with more than one hash row
 * is refused, since which row counts would be up to the database. A query that fails throws, which the
 * authentication filter logs before asking the next store.
 *
 * <p>Identities carry the roles found and the method {@code password}, with no expiry.
 */
@ApplicationScoped
@Priority(200)
public class JdbcCredentialStore implements CredentialStore {

    /** Default of {@code switchboard.auth.jdbc.password-query}. */
    public static final String DEFAULT_PASSWORD_QUERY =
            "SELECT password_hash FROM switchboard_users WHERE username = ?";
    /** Default of {@code switchboard.auth.jdbc.roles-query}. */
    public static final String DEFAULT_ROLES_QUERY = "SELECT role FROM switchboard_user_roles WHERE username = ?";
    /** Default DataSource JNDI name when neither key is set, the one the embedded server binds. */
    public static final String DEFAULT_DATASOURCE = "java:comp/env/jdbc/switchboard";

    private static final System.Logger LOG = System.getLogger(JdbcCredentialStore.class.getName());

    private boolean enabled;
    private String dataSourceName;
    private Function<String, DataSource> lookup;
    private String passwordQuery;
    private String rolesQuery;
    private volatile DataSource dataSource;
    /** The last hash read, whose cost an unknown user pays; see {@link PasswordHashes#verifyUnknownUser}. */
    private volatile String lastHash;

    @Inject
    ConfigReader config;

    @Inject
    DataSources dataSources;

    /** For CDI; {@link #start()} reads the injected configuration. */
    protected JdbcCredentialStore() {}

    /**
     * Creates a store outside CDI.
     *
     * @param config the configuration; the {@code switchboard.auth.jdbc.*} keys and {@code switchboard.datasource}
     * @param lookup finds a DataSource by JNDI name (normally a JNDI lookup), called on first use
     */
    public JdbcCredentialStore(ConfigReader config, Function<String, DataSource> lookup) {
        configure(config, lookup);
    }

    @PostConstruct
    void start() {
        configure(config, dataSources::get);
        if (enabled) {
            LOG.log(System.Logger.Level.INFO, "Database users: DataSource {0}", dataSourceName);
        }
    }

    private void configure(ConfigReader config, Function<String, DataSource> dataSourceLookup) {
        this.enabled = config.getBoolean(ConfigKeys.AUTH_JDBC_ENABLED, false);
        this.dataSourceName = config.getString(
                ConfigKeys.AUTH_JDBC_DATASOURCE, config.getString(ConfigKeys.DATASOURCE, DEFAULT_DATASOURCE));
        this.passwordQuery = config.getString(ConfigKeys.AUTH_JDBC_PASSWORD_QUERY, DEFAULT_PASSWORD_QUERY);
        this.rolesQuery = config.getString(ConfigKeys.AUTH_JDBC_ROLES_QUERY, DEFAULT_ROLES_QUERY);
        this.lookup = dataSourceLookup;
    }

    /**
     * True when {@code switchboard.auth.jdbc.enabled} is on.
     *
     * @return whether the store is configured
     */
    @Override
    public boolean enabled() {
        return enabled;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when the DataSource cannot be found or a query fails
     */
    @Override
    public Optional<Identity> authenticate(String user, char[] password, HttpServletRequest request) {
        if (!enabled || user == null || password == null) {
            return Optional.empty();
        }
        try (Connection connection = dataSource().getConnection()) {
            Optional<String> hash = storedHash(connection, user);
            if (hash.isEmpty()) {
                PasswordHashes.verifyUnknownUser(password, lastHash);
                return Optional.empty();
            }
            lastHash = hash.get();
            if (!PasswordHashes.verify(password, hash.get())) {
                return Optional.empty();
            }
            return Optional.of(
                    new Identity(user, roles(connection, user), FileCredentialStore.METHOD, Optional.empty()));
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Checking the password of a database user failed (DataSource " + dataSourceName + ")", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when the DataSource cannot be found or a query fails
     */
    @Override
    public Optional<ChallengeKey> challengeKey(String user) {
        if (!enabled || user == null) {
            return Optional.empty();
        }
        try (Connection connection = dataSource().getConnection()) {
            Optional<PasswordHashes.Derived> derived =
                    storedHash(connection, user).flatMap(PasswordHashes::derived);
            if (derived.isEmpty()) {
                return Optional.empty();
            }
            Identity identity =
                    new Identity(user, roles(connection, user), FileCredentialStore.METHOD, Optional.empty());
            return Optional.of(new ChallengeKey(
                    derived.get().salt(),
                    derived.get().iterations(),
                    derived.get().key(),
                    identity));
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Reading the password hash of a database user failed (DataSource " + dataSourceName + ")", e);
        }
    }

    private Optional<String> storedHash(Connection connection, String user) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(passwordQuery)) {
            query.setString(1, user);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                String hash = rows.getString(1);
                if (rows.next()) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "The password query returned more than one row for a user;"
                                    + " refusing the login (make the user name unique)");
                    return Optional.empty();
                }
                if (hash != null && !PasswordHashes.isSupported(hash.strip())) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "A database user's password is not a supported hash"
                                    + " (pbkdf2-sha256$... or bcrypt); plain-text passwords are refused");
                }
                return Optional.ofNullable(hash).map(String::strip);
            }
        }
    }

    private Set<String> roles(Connection connection, String user) throws SQLException {
        Set<String> roles = new LinkedHashSet<>();
        try (PreparedStatement query = connection.prepareStatement(rolesQuery)) {
            query.setString(1, user);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String role = rows.getString(1);
                    if (role != null && !role.isBlank()) {
                        roles.add(role.strip());
                    }
                }
            }
        }
        return roles;
    }

    private DataSource dataSource() {
        DataSource found = dataSource;
        if (found == null) {
            try {
                found = lookup.apply(dataSourceName);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "No DataSource at " + dataSourceName + " for database users (set "
                                + ConfigKeys.AUTH_JDBC_DATASOURCE + " or " + ConfigKeys.DATASOURCE + ")",
                        e);
            }
            dataSource = found;
        }
        return found;
    }
}
