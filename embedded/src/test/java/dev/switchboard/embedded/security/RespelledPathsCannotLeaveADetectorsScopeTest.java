package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.firewall.LoopbackClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A detector opted in for {@code /chat/*} covers every spelling of that path: the scope is decided on the
 * canonical path, so escaping a letter or taking a detour through a dot segment does not take an attack out of it.
 */
class RespelledPathsCannotLeaveADetectorsScopeTest {

    private static final String LOCAL = "127.0.0.1";

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.FIREWALL_XSS_ENABLED, "true")
                .environmentEntry(ConfigKeys.FIREWALL_XSS_PATHS, "/chat/*")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void everySpellingOfACoveredPathIsInspected() throws Exception {
        String attack = "?q=%3Cscript%3Ealert(1)%3C/script%3E";
        for (String path : new String[] {"/chat/x", "/%63hat/x", "/x/../chat/x", "/chat;v=1/x", "/./chat/x"}) {
            assertThat(LoopbackClient.fetch(LOCAL, server.port(), path + attack, Map.of()).status)
                    .as(path)
                    .isEqualTo(403);
        }
    }

    @Test
    void aPathOutsideTheScopeIsNotInspected() throws Exception {
        String attack = "?q=%3Cscript%3Ealert(1)%3C/script%3E";
        assertThat(LoopbackClient.fetch(LOCAL, server.port(), "/feed" + attack, Map.of()).status)
                .isNotEqualTo(403);
    }
}
