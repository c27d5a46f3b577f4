package dev.switchboard.firewall;

import static dev.switchboard.firewall.FirewallFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.firewall.internal.FileBanStore;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBanStoreKeepsBansAndEscalationAcrossRestartsTest {

    @TempDir
    Path dir;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Scheduler scheduler = Scheduler.of(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static final Map<String, String> ESCALATING = Map.of(
            ConfigKeys.FIREWALL_BRUTE_FORCE_ENABLED, "true",
            ConfigKeys.FIREWALL_BRUTE_FORCE_MAX_ATTEMPTS, "2",
            ConfigKeys.FIREWALL_BAN_ESCALATION_ENABLED, "true",
            ConfigKeys.FIREWALL_BAN_ESCALATION_LEVELS, "60,600,0");

    private Firewall start(MutableClock clock, Path file) {
        return new Firewall(FirewallFixtures.settings(ESCALATING), clock, new FileBanStore(file, scheduler));
    }

    @Test
    void aRestartKeepsBansAndTheEscalationLevel() {
        Path file = dir.resolve("bans.txt");
        MutableClock clock = new MutableClock();
        Firewall first = start(clock, file);
        first.registerFailedAttempt(ip("203.0.113.9"));
        assertThat(first.registerFailedAttempt(ip("203.0.113.9"))).isTrue();
        assertThat(first.bans())
                .singleElement()
                .satisfies(
                        ban -> assertThat(ban.until()).contains(clock.instant().plus(Duration.ofSeconds(60))));
        first.ban("203.0.113.10", Duration.ZERO, "manual\twith a tab");
        first.close(); // a restart: the store writes what is pending

        Firewall second = start(clock, file);
        assertThat(second.isBanned("203.0.113.9")).isTrue();
        assertThat(second.isBanned("203.0.113.10")).isTrue();
        clock.advance(Duration.ofSeconds(61));
        assertThat(second.isBanned("203.0.113.9")).isFalse();
        second.registerFailedAttempt(ip("203.0.113.9"));
        second.registerFailedAttempt(ip("203.0.113.9"));
        assertThat(second.bans())
                .filteredOn(ban -> ban.address().equals("203.0.113.9"))
                .singleElement()
                .satisfies(ban -> assertThat(ban.until())
                        .as("the second ban takes the second level although the process restarted")
                        .contains(clock.instant().plus(Duration.ofSeconds(600))));

        second.close();
        Firewall third = start(clock, file);
        clock.advance(Duration.ofSeconds(601));
        third.registerFailedAttempt(ip("203.0.113.9"));
        third.registerFailedAttempt(ip("203.0.113.9"));
        assertThat(third.bans())
                .filteredOn(ban -> ban.address().equals("203.0.113.9"))
                .singleElement()
                .satisfies(ban ->
                        assertThat(ban.until()).as("third level: permanent").isEmpty());
        assertThat(third.unban("203.0.113.10")).isTrue();
        third.close();
        assertThat(start(clock, file).isBanned("203.0.113.10")).isFalse();
    }

    @Test
    void aCorruptFileIsRefusedWithItsLineNumber() throws Exception {
        Path file = dir.resolve("bans.txt");
        Files.writeString(file, "# comment\nban\t1.2.3.4\t0\t-\tok\nnonsense\n");
        assertThatThrownBy(() -> new FileBanStore(file, scheduler)).hasMessageContaining("line 3");
    }

    @Test
    void theFileStoreNeedsAFileOrADataDirectory() {
        assertThat(FirewallFixtures.settings(Map.of(ConfigKeys.DATA_DIR, dir.toString()))
                        .banFile())
                .contains(dir.resolve("firewall-bans.txt"));
        assertThat(FirewallFixtures.settings(Map.of()).banFile()).isEmpty();
    }
}
