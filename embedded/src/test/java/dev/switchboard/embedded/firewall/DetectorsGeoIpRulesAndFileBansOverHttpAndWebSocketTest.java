package dev.switchboard.embedded.firewall;

import static dev.switchboard.embedded.firewall.LoopbackClient.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.CloseCodes;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One server with every new module on: detectors (SQL injection on every path, XSS only under /chat/*), GeoIP from a
 * CSV that puts 127.0.0.2-49 in AA, 50-99 in BB (denied) and 100-255 in CC, a custom rule bean, brute force fed by
 * AuthenticationFailedEvent, and the file ban store. Each test uses its own loopback addresses.
 */
class DetectorsGeoIpRulesAndFileBansOverHttpAndWebSocketTest {

    @TempDir
    static Path dataDir;

    private static SwitchboardServer server;

    private static SwitchboardServer start() throws Exception {
        Path geoIp = Path.of(DetectorsGeoIpRulesAndFileBansOverHttpAndWebSocketTest.class
                .getResource("/firewall/geoip-loopback.csv")
                .toURI());
        SwitchboardServer started = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(HeaderRule.class, TokenCheck.class)
                .environmentEntry(ConfigKeys.FIREWALL_SQL_INJECTION_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_XSS_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_XSS_PATHS, "/chat/*")
                .environmentEntry(ConfigKeys.FIREWALL_GEOIP_FILE, geoIp.toString())
                .environmentEntry(ConfigKeys.FIREWALL_GEOIP_DENY, "BB")
                .environmentEntry(ConfigKeys.FIREWALL_BRUTE_FORCE_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_BRUTE_FORCE_MAX_ATTEMPTS, "2")
                .environmentEntry(ConfigKeys.FIREWALL_BAN_ESCALATION_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_BAN_ESCALATION_LEVELS, "3600,0")
                .environmentEntry(ConfigKeys.FIREWALL_BAN_STORE, "file")
                .environmentEntry(
                        ConfigKeys.FIREWALL_BAN_FILE,
                        dataDir.resolve("bans.txt").toString())
                .build();
        started.start();
        return started;
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    @Test
    void anSqlInjectionInTheQueryStringGets403AndOrdinaryQueriesPass() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> attack = client.send(
                HttpRequest.newBuilder(URI.create(server.httpUri() + "health?q=1%27%20or%20%271%27%3D%271"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(attack.statusCode()).isEqualTo(403);
        assertThat(attack.body()).isEqualTo("Forbidden\n");
        HttpResponse<String> benign = client.send(
                HttpRequest.newBuilder(URI.create(server.httpUri() + "health?name=O%27Brien&q=select+a+plan"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(benign.statusCode()).isEqualTo(200);
    }

    @Test
    void anXssMessageOnACoveredHandshakePathClosesWith1008AndElsewhereIsDelivered() throws Exception {
        try (LoopbackClient chat =
                LoopbackClient.request("127.0.0.2", server.port(), "GET", "/chat/room", true, Map.of())) {
            assertThat(chat.status).isEqualTo(101);
            chat.sendText("hello <b>there</b>");
            chat.sendText("<img src=x onerror=alert(1)>");
            assertThat(chat.awaitCloseCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
        try (LoopbackClient other =
                LoopbackClient.request("127.0.0.3", server.port(), "GET", "/other", true, Map.of())) {
            assertThat(other.status).isEqualTo(101);
            other.sendText("<img src=x onerror=alert(1)>");
            other.sendText("x' OR 'a'='a");
            assertThat(other.awaitCloseCode())
                    .as("SQL injection covers every path")
                    .isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
    }

    @Test
    void geoIpDeniesItsCountryAndAdmitsTheOthers() throws Exception {
        assertThat(get("127.0.0.60", server.port(), "/health", Map.of())).isEqualTo(403);
        assertThat(LoopbackClient.upgrade("127.0.0.61", server.port()).closing().status)
                .isEqualTo(403);
        assertThat(get("127.0.0.110", server.port(), "/health", Map.of())).isEqualTo(200);
        assertThat(get("127.0.0.4", server.port(), "/health", Map.of())).isEqualTo(200);
    }

    @Test
    void aCustomRuleBeanAnswersWithItsOwnStatusAndHeaders() throws Exception {
        LoopbackClient blocked =
                LoopbackClient.request("127.0.0.5", server.port(), "GET", "/health", false, Map.of("X-Blocked", "1"));
        assertThat(blocked.status).isEqualTo(451);
        assertThat(blocked.headers).containsEntry("x-reason", "blocked header");
        assertThat(blocked.body).isEqualTo("Blocked\n");
        assertThat(get("127.0.0.5", server.port(), "/health", Map.of())).isEqualTo(200);
    }

    @Test
    void failedAuthenticationEventsBanAndTheBanAndEscalationSurviveARestart() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertThat(LoopbackClient.request("127.0.0.30", server.port(), "GET", "/?token=bad", true, Map.of())
                            .closing()
                            .status)
                    .isEqualTo(401);
        }
        assertThat(LoopbackClient.upgrade("127.0.0.30", server.port()).closing().status)
                .isEqualTo(403);
        assertThat(LoopbackClient.upgrade("127.0.0.31", server.port()).closing().status)
                .isEqualTo(101);

        server.stop();
        server = start();
        assertThat(LoopbackClient.upgrade("127.0.0.30", server.port()).closing().status)
                .as("the file store kept the ban")
                .isEqualTo(403);
        assertThat(java.nio.file.Files.readString(dataDir.resolve("bans.txt")))
                .contains("ban\t127.0.0.30")
                .contains("escalation\t127.0.0.30\t1\t");
    }
}
