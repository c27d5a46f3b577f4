package dev.switchboard.firewall.internal;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.DataSources;
import dev.switchboard.firewall.FirewallSettings;
import dev.switchboard.spi.Scheduler;
import javax.sql.DataSource;

/** Opens the ban store {@code switchboard.firewall.ban-store} names: {@code jdbc}, {@code file} or {@code memory}. */
public final class BanStores {

    private static final System.Logger LOG = System.getLogger(BanStores.class.getName());

    private BanStores() {}

    /**
     * Opens the configured store. A disabled firewall keeps nothing. Without a DataSource at the configured name the
     * {@code jdbc} store falls back to memory, with a warning, so a deployment without a database still starts.
     *
     * @param settings    the settings
     * @param scheduler   runs the file store's coalesced writes
     * @param dataSources finds the {@code jdbc} store's DataSource
     * @return the store
     * @throws IllegalArgumentException when the file store has no file, or its file cannot be read
     */
    public static BanStore open(FirewallSettings settings, Scheduler scheduler, DataSources dataSources) {
        if (!settings.enabled()) {
            return BanStore.NONE;
        }
        return switch (settings.banStore()) {
            case "file" ->
                new FileBanStore(
                        settings.banFile()
                                .orElseThrow(() -> new IllegalArgumentException("Configuration key "
                                        + ConfigKeys.FIREWALL_BAN_STORE + " is file, but neither "
                                        + ConfigKeys.FIREWALL_BAN_FILE + " nor " + ConfigKeys.DATA_DIR + " is set")),
                        settings.banFileWriteInterval(),
                        scheduler);
            case "jdbc" -> jdbc(settings.dataSource(), dataSources);
            default -> BanStore.NONE;
        };
    }

    private static BanStore jdbc(String name, DataSources dataSources) {
        DataSource dataSource;
        try {
            dataSource = dataSources.get(name);
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "No DataSource at " + name + "; firewall bans are kept in memory only and will not survive a"
                            + " restart");
            return BanStore.NONE;
        }
        return new JdbcBanStore(dataSource);
    }
}
