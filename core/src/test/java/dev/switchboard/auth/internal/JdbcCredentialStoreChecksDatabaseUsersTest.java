package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.Identity;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.MapConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcCredentialStoreChecksDatabaseUsersTest {

    private JdbcDataSource database;
    private final List<String> lookedUp = new ArrayList<>();

    @BeforeEach
    void createTables() throws SQLException {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:auth-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        execute(
                "CREATE TABLE switchboard_users (username VARCHAR(100) PRIMARY KEY, password_hash VARCHAR(200))",
                "CREATE TABLE switchboard_user_roles (username VARCHAR(100), role VARCHAR(100))");
        insertUser("alice", PasswordHashes.hash("wonderland".toCharArray(), 1000), "admin", "user");
        insertUser("bob", PasswordHashes.hashBcrypt("builder".toCharArray(), 4));
        insertUser("eve", "plaintext");
    }

    @Test
    void rightPasswordGivesIdentityWithRolesFromTheRolesTable() {
        JdbcCredentialStore store = store(Map.of(ConfigKeys.AUTH_JDBC_ENABLED, "true"));

        assertThat(store.enabled()).isTrue();
        assertThat(store.authenticate("alice", "wonderland".toCharArray(), null))
                .contains(new Identity("alice", Set.of("admin", "user"), "password", Optional.empty()));
        assertThat(store.authenticate("bob", "builder".toCharArray(), null))
                .contains(new Identity("bob", Set.of(), "password", Optional.empty()));
    }

    @Test
    void wrongPasswordUnknownUserAndPlainTextGetNothing() {
        JdbcCredentialStore store = store(Map.of(ConfigKeys.AUTH_JDBC_ENABLED, "true"));

        assertThat(store.authenticate("alice", "Wonderland".toCharArray(), null))
                .isEmpty();
        assertThat(store.authenticate("mallory", "wonderland".toCharArray(), null))
                .isEmpty();
        assertThat(store.authenticate("eve", "plaintext".toCharArray(), null)).isEmpty();
        assertThat(store.authenticate("alice' OR '1'='1", "x".toCharArray(), null))
                .isEmpty();
    }

    @Test
    void aPbkdf2UserGivesAChallengeKeyWithRolesAndBcryptPlainTextAndUnknownUsersGiveNone() {
        JdbcCredentialStore store = store(Map.of(ConfigKeys.AUTH_JDBC_ENABLED, "true"));

        var key = store.challengeKey("alice").orElseThrow();

        assertThat(key.identity())
                .isEqualTo(new Identity("alice", Set.of("admin", "user"), "password", Optional.empty()));
        assertThat(key.iterations()).isEqualTo(1000);
        // The key is what the password derives with the salt text, as a challenged client derives it.
        String rebuilt = "pbkdf2-sha256$1000$"
                + java.util.Base64.getEncoder()
                        .withoutPadding()
                        .encodeToString(key.salt().getBytes())
                + "$" + java.util.Base64.getEncoder().withoutPadding().encodeToString(key.key());
        assertThat(PasswordHashes.verify("wonderland".toCharArray(), rebuilt)).isTrue();
        assertThat(store.challengeKey("bob")).isEmpty();
        assertThat(store.challengeKey("eve")).isEmpty();
        assertThat(store.challengeKey("mallory")).isEmpty();
    }

    @Test
    void dataSourceDefaultsToTheSharedSwitchboardDataSource() {
        JdbcCredentialStore store =
                store(Map.of(ConfigKeys.AUTH_JDBC_ENABLED, "true", ConfigKeys.DATASOURCE, "java:/shared"));

        store.authenticate("alice", "wonderland".toCharArray(), null);

        assertThat(lookedUp).containsExactly("java:/shared");
    }

    @Test
    void ownDataSourceAndQueriesAreUsedWhenConfigured() throws SQLException {
        execute("CREATE TABLE people (login VARCHAR(100), secret VARCHAR(200), groups_csv VARCHAR(200))");
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO people VALUES (?, ?, ?)")) {
            insert.setString(1, "carol");
            insert.setString(2, PasswordHashes.hash("c".toCharArray(), 1000));
            insert.setString(3, "ops");
            insert.executeUpdate();
        }
        JdbcCredentialStore store = store(Map.of(
                ConfigKeys.AUTH_JDBC_ENABLED,
                "yes",
                ConfigKeys.DATASOURCE,
                "java:/shared",
                ConfigKeys.AUTH_JDBC_DATASOURCE,
                "java:/users",
                ConfigKeys.AUTH_JDBC_PASSWORD_QUERY,
                "SELECT secret FROM people WHERE login = ?",
                ConfigKeys.AUTH_JDBC_ROLES_QUERY,
                "SELECT groups_csv FROM people WHERE login = ?"));

        assertThat(store.authenticate("carol", "c".toCharArray(), null))
                .map(Identity::roles)
                .contains(Set.of("ops"));
        assertThat(lookedUp).containsExactly("java:/users");
    }

    @Test
    void userWithTwoHashRowsIsRefused() {
        JdbcCredentialStore store = store(Map.of(
                ConfigKeys.AUTH_JDBC_ENABLED,
                "true",
                ConfigKeys.AUTH_JDBC_PASSWORD_QUERY,
                "SELECT password_hash FROM switchboard_users" + " WHERE username = ? OR username = 'bob'"));

        assertThat(store.authenticate("alice", "wonderland".toCharArray(), null))
                .isEmpty();
    }

    @Test
    void brokenQueryIsReportedAsAnError() {
        JdbcCredentialStore store = store(Map.of(
                ConfigKeys.AUTH_JDBC_ENABLED,
                "true",
                ConfigKeys.AUTH_JDBC_PASSWORD_QUERY,
                "SELECT nothing FROM nowhere WHERE x = ?"));

        assertThatThrownBy(() -> store.authenticate("alice", "wonderland".toCharArray(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void storeIsOffUnlessEnabled() {
        JdbcCredentialStore store = store(Map.of());

        assertThat(store.enabled()).isFalse();
        assertThat(store.authenticate("alice", "wonderland".toCharArray(), null))
                .isEmpty();
        assertThat(lookedUp).isEmpty();
    }

    private JdbcCredentialStore store(Map<String, String> config) {
        return new JdbcCredentialStore(MapConfig.of(config), name -> {
            lookedUp.add(name);
            return (DataSource) database;
        });
    }

    private void insertUser(String name, String hash, String... roles) throws SQLException {
        try (Connection connection = database.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO switchboard_users (username, password_hash) VALUES (?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, hash);
                insert.executeUpdate();
            }
            for (String role : roles) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO switchboard_user_roles (username, role) VALUES (?, ?)")) {
                    insert.setString(1, name);
                    insert.setString(2, role);
                    insert.executeUpdate();
                }
            }
        }
    }

    private void execute(String... statements) throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
