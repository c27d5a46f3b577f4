package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.firewall.LoopbackClient;
import dev.switchboard.embedded.testing.BasicAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ban storm: 300 clients (127.0.1.1 to 127.0.2.50) fail a login at once, and with one failure allowed each is
 * banned. The file ban store used to rewrite the whole file for every ban (and escalation step) under the
 * firewall's ban lock: quadratic work that stalled every other ban. Now the writes are coalesced, at most one per
 * write interval (one second by default), and the stop writes what is pending, so not one ban is lost.
 */
class BanStormCoalescesBanFileWritesTest {

    private static final int CLIENTS = 300;

    @TempDir
    Path dir;

    @Test
    void threeHundredBansCostAFewFileWritesAndAllSurviveTheStop() throws Exception {
        Path users = dir.resolve("users");
        UsersFile.addOrUpdate(users, "gina", PasswordHashes.hash("pw".toCharArray(), 1_000), List.of());
        Path banFile = dir.resolve("bans.txt");
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(FirewallProbe.class)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.FIREWALL_BRUTE_FORCE_MAX_ATTEMPTS, "1")
                .environmentEntry(ConfigKeys.FIREWALL_BAN_STORE, "file")
                .environmentEntry(ConfigKeys.FIREWALL_BAN_FILE, banFile.toString())
                .build();
        server.start();
        Map<String, String> wrong = BasicAuth.basic("gina", "guess");
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add("127.0." + (1 + i / 250) + "." + (1 + i % 250));
        }
        long start = System.nanoTime();
        long elapsedMillis;
        try {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (String client : clients) {
                    answers.add(pool.submit(() ->
                            LoopbackClient.request(client, server.port(), "GET", "/health", false, wrong).status));
                }
                for (Future<Integer> answer : answers) {
                    assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(401);
                }
            } finally {
                pool.shutdownNow();
            }
            elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(FirewallProbe.counter("brute-force-bans")).isEqualTo(CLIENTS);
            assertThat(LoopbackClient.get(clients.get(CLIENTS - 1), server.port(), "/health", Map.of()))
                    .isEqualTo(403);
            long changes = FirewallProbe.counter("ban-file-changes");
            long writes = FirewallProbe.counter("ban-file-writes");
            assertThat(changes)
                    .as("every ban and escalation step reached the store")
                    .isGreaterThanOrEqualTo(CLIENTS);
            assertThat(writes)
                    .as("%d changes in %d ms", changes, elapsedMillis)
                    .isLessThanOrEqualTo(elapsedMillis / 1000 + 2)
                    .isLessThan(CLIENTS / 10);
        } finally {
            server.stop();
        }
        String content = Files.readString(banFile);
        for (String client : clients) {
            assertThat(content).as("the stop wrote every pending ban").contains("ban\t" + client + "\t");
        }
    }
}
