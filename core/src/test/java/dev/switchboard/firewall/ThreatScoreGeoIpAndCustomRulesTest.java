package dev.switchboard.firewall;

import static dev.switchboard.firewall.FirewallFixtures.connection;
import static dev.switchboard.firewall.FirewallFixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.firewall.internal.BanStore;
import dev.switchboard.firewall.internal.GeoIpTable;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.FirewallRequest;
import dev.switchboard.spi.FirewallRule;
import dev.switchboard.spi.InboundMessageCheck.Verdict;
import dev.switchboard.testing.MutableClock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreatScoreGeoIpAndCustomRulesTest {

    @TempDir
    Path dir;

    private static FirewallRequest get(String client, String uri) {
        return new FirewallRequest(ip(client), "GET", URI.create(uri), Map.of(), false);
    }

    private static Path geoIpFile() throws Exception {
        return Path.of(ThreatScoreGeoIpAndCustomRulesTest.class
                .getResource("/firewall/geoip-test.csv")
                .toURI());
    }

    @Test
    void detectionsAndRefusalsAddUpToABanAndTheScoreDecays() {
        MutableClock clock = new MutableClock();
        Firewall firewall = FirewallFixtures.firewall(
                Map.of(
                        ConfigKeys.FIREWALL_SQL_INJECTION_ENABLED, "true",
                        ConfigKeys.FIREWALL_XSS_ENABLED, "true",
                        ConfigKeys.FIREWALL_XSS_ACTION, "log",
                        ConfigKeys.FIREWALL_THREAT_SCORE_ENABLED, "true",
                        ConfigKeys.FIREWALL_THREAT_SCORE_THRESHOLD, "80",
                        ConfigKeys.FIREWALL_THREAT_SCORE_DETECTION_POINTS, "30",
                        ConfigKeys.FIREWALL_THREAT_SCORE_DECAY, "10"),
                clock);
        assertThat(firewall.admit(get("198.51.100.1", "/search?q=1'+or+'1'='1")))
                .map(Refusal::rule)
                .contains("sql-injection");
        assertThat(firewall.threatScore("198.51.100.1")).isEqualTo(30.0);
        clock.advance(Duration.ofHours(1));
        assertThat(firewall.threatScore("198.51.100.1")).isEqualTo(20.0);
        assertThat(firewall.admit(get("198.51.100.1", "/search?q=%3Cscript%3Ealert(1)%3C/script%3E")))
                .as("xss in log mode lets the request through")
                .isEmpty();
        assertThat(firewall.threatScore("198.51.100.1")).isEqualTo(50.0);
        assertThat(firewall.isBanned("198.51.100.1")).isFalse();
        firewall.admit(get("198.51.100.1", "/search?q=x'+union+select+password+from+users--"));
        assertThat(firewall.isBanned("198.51.100.1")).isTrue();
        assertThat(firewall.admit(get("198.51.100.1", "/health")))
                .map(Refusal::rule)
                .contains("ban");
        assertThat(firewall.counters())
                .containsEntry("sql-injection", 2L)
                .containsEntry("xss-logged", 1L)
                .containsEntry(Firewall.COUNTER_THREAT_SCORE_BANS, 1L);
        assertThat(firewall.admit(get("198.51.100.2", "/search?q=O'Brien"))).isEmpty();
    }

    @Test
    void aDetectorOnlyCoversItsPathsAndTextMessagesOnThem() {
        Firewall firewall = FirewallFixtures.firewall(
                Map.of(
                        ConfigKeys.FIREWALL_SQL_INJECTION_ENABLED, "true",
                        ConfigKeys.FIREWALL_SQL_INJECTION_PATHS, "/api/*, /ws"),
                new MutableClock());
        String attack = "?id=1'+or+'1'='1";
        assertThat(firewall.admit(get("198.51.100.3", "/api/users" + attack))).isPresent();
        assertThat(firewall.admit(get("198.51.100.3", "/other" + attack))).isEmpty();
        assertThat(firewall.checkText(connection("c1", "198.51.100.3", "/ws"), "x' OR 'a'='a"))
                .isInstanceOf(Verdict.Refuse.class);
        assertThat(firewall.checkText(connection("c2", "198.51.100.3", "/chat"), "x' OR 'a'='a"))
                .isEqualTo(Verdict.ACCEPT);
        assertThat(firewall.checkText(connection("c3", "198.51.100.3", "/ws"), "Hi O'Brien, see you at 5"))
                .isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void anInvalidExtraPatternFailsTheStartNamingTheKey() {
        assertThatThrownBy(() -> FirewallFixtures.settings(Map.of(ConfigKeys.FIREWALL_SQL_INJECTION_PATTERNS, "(")))
                .hasMessageContaining(ConfigKeys.FIREWALL_SQL_INJECTION_PATTERNS);
        assertThatThrownBy(() -> FirewallFixtures.settings(Map.of(ConfigKeys.FIREWALL_GEOIP_DENY, "Germany")))
                .hasMessageContaining(ConfigKeys.FIREWALL_GEOIP_DENY);
    }

    @Test
    void theGeoIpTableFindsIpv4Ipv6AndDecimalRanges() throws Exception {
        GeoIpTable table = GeoIpTable.load(geoIpFile());
        assertThat(table.size()).isEqualTo(6);
        assertThat(table.country(ip("127.0.0.1"))).contains("LO");
        assertThat(table.country(ip("127.0.0.2"))).contains("AA");
        assertThat(table.country(ip("127.0.0.49"))).contains("AA");
        assertThat(table.country(ip("127.0.0.50"))).contains("BB");
        assertThat(table.country(ip("127.0.0.255"))).contains("CC");
        assertThat(table.country(ip("1.0.0.7"))).contains("AU");
        assertThat(table.country(ip("2001:db8::42"))).contains("DD");
        assertThat(table.country(ip("::ffff:127.0.0.60"))).contains("BB");
        assertThat(table.country(ip("10.0.0.1"))).isEmpty();
        assertThat(table.country(ip("2001:db9::1"))).isEmpty();
    }

    @Test
    void aBadGeoIpLineIsNamedByFileAndLine() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "1.0.0.0,1.0.0.255,AU\nnot-an-ip,2.0.0.0,XX\n");
        assertThatThrownBy(() -> GeoIpTable.load(bad))
                .hasMessageContaining("line 2")
                .hasMessageContaining("bad.csv");
    }

    @Test
    void geoIpAllowAndDenyListsRefuseWith403() throws Exception {
        Firewall deny = FirewallFixtures.firewall(
                Map.of(ConfigKeys.FIREWALL_GEOIP_FILE, geoIpFile().toString(), ConfigKeys.FIREWALL_GEOIP_DENY, "bb"),
                new MutableClock());
        assertThat(deny.admit(ip("127.0.0.60"), true)).map(Refusal::status).contains(403);
        assertThat(deny.admit(ip("127.0.0.10"), true)).isEmpty();
        assertThat(deny.admit(ip("10.0.0.1"), false))
                .as("unknown addresses pass a deny list")
                .isEmpty();
        Firewall allow = FirewallFixtures.firewall(
                Map.of(
                        ConfigKeys.FIREWALL_GEOIP_FILE,
                        geoIpFile().toString(),
                        ConfigKeys.FIREWALL_GEOIP_ALLOW,
                        "AA,LO"),
                new MutableClock());
        assertThat(allow.admit(ip("127.0.0.10"), false)).isEmpty();
        assertThat(allow.admit(ip("127.0.0.150"), false)).map(Refusal::rule).contains(Firewall.RULE_GEOIP);
        assertThat(allow.admit(ip("10.0.0.1"), false))
                .as("unknown addresses fail an allow list")
                .isPresent();
        assertThat(allow.counters()).containsEntry(Firewall.RULE_GEOIP, 2L);
    }

    @Test
    void customRulesRunInOrderAfterGeoIpAndTheFirstDecisiveOneWins() throws Exception {
        List<String> asked = new ArrayList<>();
        FirewallRule passes = request -> {
            asked.add("passes");
            return CheckResult.notApplicable();
        };
        FirewallRule adminOnly = request -> {
            asked.add("adminOnly");
            if (request.requestUri().getPath().startsWith("/admin")) {
                return request.header("X-Admin").isPresent()
                        ? CheckResult.permit()
                        : CheckResult.reject(401, Map.of("WWW-Authenticate", List.of("Basic")), "No");
            }
            return CheckResult.notApplicable();
        };
        FirewallRule broken = request -> {
            asked.add("broken");
            if (request.requestUri().getPath().equals("/boom")) {
                throw new IllegalStateException("boom");
            }
            return CheckResult.notApplicable();
        };
        Map<String, String> values = new HashMap<>();
        values.put(ConfigKeys.FIREWALL_GEOIP_FILE, geoIpFile().toString());
        values.put(ConfigKeys.FIREWALL_GEOIP_DENY, "CC");
        values.put(ConfigKeys.FIREWALL_SQL_INJECTION_ENABLED, "true");
        Firewall firewall = new Firewall(
                FirewallFixtures.settings(values),
                new MutableClock(),
                BanStore.NONE,
                List.of(passes, adminOnly, broken));

        Optional<Refusal> refused = firewall.admit(get("127.0.0.10", "/admin/x"));
        assertThat(refused).map(Refusal::status).contains(401);
        assertThat(refused.get().headers()).containsEntry("WWW-Authenticate", List.of("Basic"));
        assertThat(asked).containsExactly("passes", "adminOnly");

        asked.clear();
        assertThat(firewall.admit(new FirewallRequest(
                        ip("127.0.0.10"),
                        "GET",
                        URI.create("/admin/x?q=1'+or+'1'='1"),
                        Map.of("x-admin", List.of("yes")),
                        false)))
                .as("a permit skips the later rules and the detectors")
                .isEmpty();
        assertThat(asked).containsExactly("passes", "adminOnly");

        asked.clear();
        assertThat(firewall.admit(get("127.0.0.150", "/admin/x")))
                .map(Refusal::rule)
                .contains("geoip");
        assertThat(asked).as("GeoIP runs before the rules").isEmpty();

        assertThat(firewall.admit(get("127.0.0.10", "/boom")))
                .map(Refusal::status)
                .contains(500);
        assertThat(firewall.admit(get("127.0.0.10", "/fine"))).isEmpty();
        assertThat(firewall.counters()).containsEntry(Firewall.RULE_CUSTOM, 2L);
    }
}
