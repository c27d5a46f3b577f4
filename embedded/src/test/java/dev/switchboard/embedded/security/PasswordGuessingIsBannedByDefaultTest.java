package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.firewall.LoopbackClient;
import dev.switchboard.embedded.testing.BasicAuth;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password guesser against a server started with no firewall key at all: brute-force protection is on by default,
 * so the tenth wrong password within five minutes bans the address, while another address is served.
 */
class PasswordGuessingIsBannedByDefaultTest {

    @TempDir
    Path dir;

    private static Map<String, String> basic(String password) {
        return BasicAuth.basic("gina", password);
    }

    @Test
    void theTenthWrongPasswordBansTheGuesser() throws Exception {
        Path users = dir.resolve("users");
        UsersFile.addOrUpdate(users, "gina", PasswordHashes.hash("pw".toCharArray(), 1_000), List.of());
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .build();
        server.start();
        try {
            for (int i = 1; i <= 9; i++) {
                assertThat(LoopbackClient.get("127.0.0.90", server.port(), "/health", basic("guess" + i)))
                        .as("guess " + i)
                        .isEqualTo(401);
            }
            assertThat(LoopbackClient.get("127.0.0.90", server.port(), "/health", basic("pw")))
                    .as("nine failures are not yet a ban")
                    .isEqualTo(200);
            assertThat(LoopbackClient.get("127.0.0.90", server.port(), "/health", basic("guess10")))
                    .isEqualTo(401);
            assertThat(LoopbackClient.get("127.0.0.90", server.port(), "/health", basic("pw")))
                    .as("banned, even with the right password")
                    .isEqualTo(403);
            assertThat(LoopbackClient.get("127.0.0.91", server.port(), "/health", basic("pw")))
                    .isEqualTo(200);
        } finally {
            server.stop();
        }
    }
}
