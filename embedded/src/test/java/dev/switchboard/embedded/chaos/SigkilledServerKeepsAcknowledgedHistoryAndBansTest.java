package dev.switchboard.embedded.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.auth.Users;
import dev.switchboard.embedded.firewall.LoopbackClient;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.BasicAuth;
import dev.switchboard.embedded.testing.ChildServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server runs in a child JVM with the JDBC history store and the JDBC ban store on a file-backed H2
 * database. While a client publishes QoS 1 messages as fast as they are acknowledged and an administrator bans
 * addresses over the admin API, the process is killed with SIGKILL (no shutdown hook, no close of the database).
 * Restarted on the same database file, the server replays every acknowledged publication to a client that resumes
 * the channel from its start, and refuses every banned address.
 */
class SigkilledServerKeepsAcknowledgedHistoryAndBansTest {

    private static final String CHANNEL = "chaos.durable";
    private static final Map<String, String> ADMIN = BasicAuth.basic("root", "root-pw");
    private static final Map<String, String> ADMIN_WRITE =
            Map.of("Authorization", ADMIN.get("Authorization"), "X-Switchboard-Admin", "1");
    /** Publications in flight at once: enough that the kill lands among unfinished appends. */
    private static final int WINDOW = 32;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedPublicationAndEveryBanSurvivesAKillMinusNine() throws Exception {
        int kills = ChaosScale.pick(1, 5);
        int perRound = ChaosScale.pick(100, 500);
        Path users = Users.add(dir.resolve("users"), "root", "root-pw", "admin");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> banned = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < kills; round++) {
            try (ChildServer server = start(users, round)) {
                publishAndBanUntilKilled(server, round, perRound, acknowledged, banned);
            }
        }
        try (ChildServer server = start(users, kills)) {
            assertThat(replayFromTheStart(server.port()))
                    .as("what a client resuming from offset 0 is replayed")
                    .containsAll(acknowledged);
            for (String address : banned) {
                assertThat(LoopbackClient.get(address, server.port(), "/health", Map.of()))
                        .as("a request from banned " + address)
                        .isEqualTo(403);
            }
            assertThat(LoopbackClient.get("127.0.0.2", server.port(), "/health", Map.of()))
                    .as("an address nobody banned")
                    .isEqualTo(200);
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(kills * perRound);
        assertThat(banned).isNotEmpty();
    }

    private ChildServer start(Path users, int round) throws IOException {
        return ChildServer.start(
                dir.resolve("server-" + round + ".log"),
                "-Xmx256m",
                // A child that only has to start and serve briefly: the quick compiler and the serial collector
                // start it sooner on a loaded machine.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-D" + ConfigKeys.DATA_DIR + "=" + dir.resolve("data"),
                "-D" + ConfigKeys.HISTORY_STORE + "=jdbc",
                "-D" + ConfigKeys.HISTORY_MAX_MESSAGES + "=100000",
                "-D" + ConfigKeys.HISTORY_MAX_AGE + "=3600",
                // The replay of every round goes to one client in one go.
                "-D" + ConfigKeys.OUTBOUND_MAX_MESSAGES + "=100000",
                "-D" + ConfigKeys.OUTBOUND_MAX_BYTES + "=67108864",
                "-D" + ConfigKeys.FIREWALL_BAN_STORE + "=jdbc",
                "-D" + ConfigKeys.AUTH_USERS + "=" + users,
                "-D" + ConfigKeys.FIREWALL_ADMIN_ENABLED + "=true",
                "-D" + ConfigKeys.FIREWALL_ADMIN_ALLOW + "=127.0.0.1");
    }

    /**
     * Publishes with {@link #WINDOW} publications in flight and bans an address after every few acknowledgments;
     * once {@code count} are acknowledged, kills the server while both keep going.
     */
    private static void publishAndBanUntilKilled(
            ChildServer server, int round, int count, Set<String> acknowledged, Set<String> banned) throws Exception {
        Semaphore window = new Semaphore(WINDOW);
        AtomicBoolean killed = new AtomicBoolean();
        Set<String> acknowledgedHere = ConcurrentHashMap.newKeySet();
        try (SgcSocket publisher = SgcSocket.open(server.port())) {
            publisher.read(text -> {
                if (Sgc.isAck(text)) {
                    Sgc.id(text).ifPresent(id -> {
                        acknowledgedHere.add(id);
                        acknowledged.add(id);
                        window.release();
                    });
                }
            });
            Thread banning = Thread.ofVirtual().start(() -> {
                for (int i = 0; !killed.get() && i < 250; i++) {
                    String address = "127.0." + (10 + round) + "." + (i + 1);
                    try {
                        LoopbackClient answer = LoopbackClient.request(
                                "127.0.0.1",
                                server.port(),
                                "POST",
                                "/switchboard/firewall/bans?address=" + address + "&seconds=0&reason=chaos",
                                false,
                                ADMIN_WRITE);
                        if (answer.status == 201) {
                            banned.add(address);
                        }
                    } catch (IOException killedMeanwhile) {
                        return;
                    }
                }
            });
            for (int i = 0; ; i++) {
                if (acknowledgedHere.size() >= count && banned.size() > round) {
                    server.process().destroyForcibly();
                    killed.set(true);
                    break;
                }
                if (!window.tryAcquire(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("no acknowledgment within " + Await.DEADLINE + " after " + i);
                }
                String id = "r" + round + "-" + i;
                publisher.send(Sgc.publishQos1(CHANNEL, id, id));
            }
            // The process is gone: its publications in flight may or may not have been taken; only the
            // acknowledged ones were promised.
            assertThat(server.process().waitFor(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
            banning.join(Await.DEADLINE);
            publisher.ended.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Resumes the channel from offset 0 of its epoch and returns every message replayed. */
    private static List<String> replayFromTheStart(int port) throws Exception {
        try (SgcSocket subscriber = SgcSocket.open(port)) {
            BlockingQueue<String> texts = subscriber.readIntoQueue();
            subscriber.send(Sgc.resume(CHANNEL, null, 0, "head"));
            String head = SgcSocket.next(texts, "\"method\":\"sgc@resume\"");
            String epoch = Sgc.string(head, "epoch").orElseThrow();
            assertThat(epoch).isNotEmpty();
            subscriber.send(Sgc.resume(CHANNEL, epoch, 0, "all"));
            List<String> replayed = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < end) {
                String text = texts.poll(1, TimeUnit.SECONDS);
                if (text == null) {
                    continue;
                }
                assertThat(text)
                        .as("a resume after a restart on the same database")
                        .doesNotContain("sgc@gap");
                if (Sgc.isEvent(text)) {
                    replayed.add(Sgc.string(text, "message").orElseThrow());
                } else if (text.contains("\"method\":\"sgc@resume\"") && text.contains("\"id\":\"all\"")) {
                    assertThat(Sgc.number(text, "offset")).isEqualTo(replayed.size());
                    return replayed;
                }
            }
            throw new AssertionError("the replay did not end within 30 s; replayed " + replayed.size());
        }
    }
}
