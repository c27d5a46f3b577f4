package dev.switchboard.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.DataSources;
import dev.switchboard.firewall.FirewallFixtures;
import dev.switchboard.spi.Scheduler;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BanStoresOpenTheConfiguredStoreTest {

    @TempDir
    Path dir;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Scheduler scheduler = Scheduler.of(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private BanStore open(Map<String, String> values) {
        return BanStores.open(FirewallFixtures.settings(values), scheduler, new DataSources());
    }

    @Test
    void theFileStoreWritesTheConfiguredFile() {
        BanStore store = open(Map.of(
                ConfigKeys.FIREWALL_BAN_STORE,
                "file",
                ConfigKeys.FIREWALL_BAN_FILE,
                dir.resolve("bans.txt").toString()));
        assertThat(store).isInstanceOf(FileBanStore.class);
        store.close();
    }

    @Test
    void theFileStoreWithoutAFileFailsTheStartNamingTheKeys() {
        assertThatThrownBy(() -> open(Map.of(ConfigKeys.FIREWALL_BAN_STORE, "file")))
                .hasMessageContaining(ConfigKeys.FIREWALL_BAN_FILE)
                .hasMessageContaining(ConfigKeys.DATA_DIR);
    }

    @Test
    void theJdbcStoreWithoutADataSourceKeepsBansInMemory() {
        assertThat(open(Map.of(ConfigKeys.FIREWALL_BAN_STORE, "jdbc"))).isSameAs(BanStore.NONE);
    }

    @Test
    void aDisabledFirewallKeepsNothing() {
        assertThat(open(Map.of(ConfigKeys.FIREWALL_ENABLED, "false", ConfigKeys.FIREWALL_BAN_STORE, "file")))
                .isSameAs(BanStore.NONE);
    }
}
