package dev.switchboard.embedded.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.auth.Users;
import dev.switchboard.embedded.firewall.LoopbackClient;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.BasicAuth;
import dev.switchboard.embedded.testing.RunningNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history and ban stores live on an H2 TCP server, which the test stops while clients publish and an
 * administrator bans. The product's policy (the Broker contract) is to keep delivering: while the database is down a
 * burst of QoS 1 publications is answered and reaches the subscriber live, without a history position, within the
 * deadline (the broker leaves the failing store alone for {@code switchboard.broker.history-retry}); a resume is answered with an {@code unavailable} gap instead of hanging; a ban still holds in memory.
 * When the database is back on the same port, new publications are stored again and replayed from history.
 */
class DatabaseOutageKeepsPublishingWithoutHangingAndStoresAgainOnReturnTest {

    private static final String CHANNEL = "chaos.outage";
    private static final Map<String, String> ADMIN_WRITE = Map.of(
            "Authorization", BasicAuth.basic("root", "root-pw").get("Authorization"), "X-Switchboard-Admin", "1");

    @TempDir
    Path dir;

    @Test
    void publishingContinuesWhileTheDatabaseIsDownAndHistoryResumesWhenItReturns() throws Exception {
        int outages = ChaosScale.pick(1, 10);
        int perPhase = ChaosScale.pick(20, 200);
        int burst = ChaosScale.pick(50, 500);
        Path users = Users.add(dir.resolve("users"), "root", "root-pw", "admin");
        Server database = startDatabase(0);
        int databasePort = database.getPort();
        try (RunningNode node = RunningNode.start(builder -> builder.environmentEntry(ConfigKeys.HISTORY_STORE, "jdbc")
                        .environmentEntry(ConfigKeys.FIREWALL_BAN_STORE, "jdbc")
                        .environmentEntry(
                                ConfigKeys.DATASOURCE_URL, "jdbc:h2:tcp://127.0.0.1:" + databasePort + "/chaos")
                        .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                        .environmentEntry(ConfigKeys.FIREWALL_ADMIN_ENABLED, "true")
                        .environmentEntry(ConfigKeys.FIREWALL_ADMIN_ALLOW, "127.0.0.1"));
                SgcSocket publisher = SgcSocket.open(node.port());
                SgcSocket subscriber = SgcSocket.open(node.port())) {
            BlockingQueue<String> published = publisher.readIntoQueue();
            BlockingQueue<String> events = subscriber.readIntoQueue();
            subscriber.send(Sgc.subscribe(CHANNEL, "s"));
            SgcSocket.next(events, "\"method\":\"sgc@subscribe\"");
            int sent = 0;
            String epoch = null;
            for (int outage = 0; outage < outages; outage++) {
                for (int i = 0; i < perPhase; i++, sent++) {
                    String event = publishAndReceive(publisher, published, events, "m" + sent);
                    assertThat(event)
                            .as("a publication while the database is up")
                            .contains("\"offset\":");
                    epoch = Sgc.string(event, "epoch").orElseThrow();
                }

                database.stop();

                // A burst: each publication waiting for the failing database in turn would take far longer than
                // the deadline; every one is answered and delivered within it.
                long burstStart = System.nanoTime();
                int first = sent;
                for (int i = 0; i < burst; i++, sent++) {
                    publisher.send(Sgc.publishQos1(CHANNEL, "m" + sent, "m" + sent));
                }
                for (int i = first; i < sent; i++) {
                    assertThat(SgcSocket.next(published, "\"id\":\"m" + i + "\""))
                            .contains("sgc@acknowledgment");
                    assertThat(SgcSocket.next(events, "\"message\":\"m" + i + "\""))
                            .as("a publication while the database is down")
                            .doesNotContain("\"offset\":");
                }
                assertThat(Duration.ofNanos(System.nanoTime() - burstStart))
                        .as("the burst while the database is down")
                        .isLessThan(Await.DEADLINE);
                subscriber.send(Sgc.resume(CHANNEL, epoch, 1, "r" + outage));
                assertThat(SgcSocket.next(events, "\"method\":\"sgc@gap\""))
                        .as("a resume while the database is down")
                        .contains("\"reason\":\"unavailable\"");
                SgcSocket.next(events, "\"id\":\"r" + outage + "\"");
                String address = "127.0.1." + (outage + 1);
                LoopbackClient ban = LoopbackClient.request(
                        "127.0.0.1",
                        node.port(),
                        "POST",
                        "/switchboard/firewall/bans?address=" + address + "&seconds=0&reason=outage",
                        false,
                        ADMIN_WRITE);
                assertThat(ban.status).as("a ban while the database is down").isEqualTo(201);
                assertThat(LoopbackClient.get(address, node.port(), "/health", Map.of()))
                        .isEqualTo(403);

                database = startDatabase(databasePort);

                // Connections the pool held died with the server; the first appends may still meet one of them.
                int[] attempt = {sent};
                String stored = Await.value(
                        "a publication to be stored in the history again",
                        Duration.ofSeconds(30),
                        () -> publishAndReceive(publisher, published, events, "m" + attempt[0]++),
                        event -> event.contains("\"offset\":"));
                sent = attempt[0];
                assertThat(Sgc.string(stored, "epoch"))
                        .as("the database kept its epoch")
                        .contains(epoch);
                long offset = Sgc.number(stored, "offset");
                String message = Sgc.string(stored, "message").orElseThrow();
                subscriber.send(Sgc.resume(CHANNEL, epoch, offset - 1, "back" + outage));
                String replayed = SgcSocket.next(events, "\"offset\":" + offset);
                assertThat(replayed).contains("\"message\":\"" + message + "\"");
                SgcSocket.next(events, "\"id\":\"back" + outage + "\"");
            }
        } finally {
            database.stop();
        }
    }

    private Server startDatabase(int port) throws Exception {
        return Server.createTcpServer(
                        "-tcpPort",
                        String.valueOf(port),
                        "-baseDir",
                        dir.resolve("db").toString(),
                        "-ifNotExists")
                .start();
    }

    /**
     * Publishes with QoS 1 and returns the event the subscriber receives for it; the acknowledgment (or a refusal)
     * must come within the deadline, so a publisher never hangs on the database.
     */
    private static String publishAndReceive(
            SgcSocket publisher, BlockingQueue<String> published, BlockingQueue<String> events, String message)
            throws Exception {
        long start = System.nanoTime();
        publisher.send(Sgc.publishQos1(CHANNEL, message, message));
        String answer = SgcSocket.next(published, "\"id\":\"" + message + "\"");
        assertThat(answer).as("the answer to publication " + message).contains("sgc@acknowledgment");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Await.DEADLINE);
        String event = SgcSocket.next(events, "\"message\":\"" + message + "\"");
        assertThat(events.poll(0, TimeUnit.SECONDS))
                .as("nothing beyond the publication")
                .isNull();
        return event;
    }
}
