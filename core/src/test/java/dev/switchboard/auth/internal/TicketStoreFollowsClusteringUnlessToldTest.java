package dev.switchboard.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.Identity;
import dev.switchboard.auth.AuthSettings;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.DataSources;
import dev.switchboard.testing.MapConfig;
import dev.switchboard.testing.MutableClock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class TicketStoreFollowsClusteringUnlessToldTest {

    private final MutableClock clock = new MutableClock();
    /** The real lookup, in a JVM where nothing is bound in JNDI. */
    private final Function<String, DataSource> nothingBound = new DataSources()::get;

    private TicketStore open(Map<String, String> config, boolean clustered, Function<String, DataSource> lookup) {
        return TicketStores.open(
                MapConfig.of(config), AuthSettings.read(MapConfig.of(config)), clustered, lookup, clock);
    }

    @Test
    void aSingleNodeKeepsTicketsInMemoryAndLooksNothingUp() {
        TicketStore store = open(Map.of(), false, name -> {
            throw new AssertionError("looked up " + name);
        });

        assertThat(store).isInstanceOf(Tickets.class);
        assertThat(store.shared()).isFalse();
    }

    @Test
    void aClusterKeepsTicketsInTheSharedDatabase() {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:ticket-stores-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Map<String, String> config = Map.of(ConfigKeys.DATASOURCE, "java:jboss/datasources/Shared");

        TicketStore store = open(config, true, name -> {
            assertThat(name).isEqualTo("java:jboss/datasources/Shared");
            return database;
        });

        assertThat(store).isInstanceOf(JdbcTicketStore.class);
        assertThat(store.shared()).isTrue();
        Identity alice = new Identity(
                "alice",
                Set.of(),
                Logins.SESSION_METHOD,
                Optional.of(clock.instant().plusSeconds(60)));
        assertThat(store.redeem(store.issue(alice))).isPresent();
    }

    @Test
    void aClusterWithoutADataSourceFailsNamingWhatToSet() {
        assertThatThrownBy(() -> open(Map.of(), true, nothingBound))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no DataSource is bound at java:comp/env/jdbc/switchboard")
                .hasMessageContaining(ConfigKeys.DATASOURCE)
                .hasMessageContaining(ConfigKeys.AUTH_TICKETS_STORE + "=memory");
    }

    @Test
    void theDatabaseChosenExplicitlyIsRequiredOnASingleNodeToo() {
        assertThatThrownBy(() -> open(Map.of(ConfigKeys.AUTH_TICKETS_STORE, "jdbc"), false, nothingBound))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ConfigKeys.AUTH_TICKETS_STORE + "=jdbc");
    }

    @Test
    void memoryChosenExplicitlyIsKeptInACluster() {
        TicketStore store = open(Map.of(ConfigKeys.AUTH_TICKETS_STORE, "memory"), true, nothingBound);

        assertThat(store).isInstanceOf(Tickets.class);
    }

    @Test
    void anUnknownStoreIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> open(Map.of(ConfigKeys.AUTH_TICKETS_STORE, "redis"), true, nothingBound))
                .hasMessageContaining(ConfigKeys.AUTH_TICKETS_STORE);
    }
}
