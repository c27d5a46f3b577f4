package dev.switchboard.embedded.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's monitor page in headless Chromium ({@code src/test/browser/monitor.mjs}) on a server with a users
 * file: an admin first types a wrong password into the page's form and gets the page's own error (every 401 the page
 * receives challenges with {@code Session}, so a browser shows no password dialog of its own), then signs in on the
 * same form, sees an anonymous sgc WebSocket client appear in the connection table, closes it with code 4321 and sees
 * its row go, while the client receives that code; a user without the admin role gets the page's "lacks the admin
 * role" message; a ban is added and removed, and a drain started and cancelled, on the page. With the environment
 * variable {@code SWITCHBOARD_SCREENSHOT=<path>} the script also saves the screenshot of the page that the operations
 * documentation shows.
 */
class MonitorPageLetsAnAdminCloseAConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        NodeScenario.requireTools(true);
        Path users = dir.resolve("users");
        UsersFile.addOrUpdate(users, "ada", PasswordHashes.hash("ada-pw".toCharArray(), 1_000), List.of("admin"));
        UsersFile.addOrUpdate(users, "bob", PasswordHashes.hash("bob-pw".toCharArray(), 1_000), List.of("user"));
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void anAdminSeesATestClientAndClosesItAndOtherUsersAreToldTheyLackTheRole() throws Exception {
        NodeScenario.run(TIMEOUT, "monitor.mjs", NodeScenario.base(server.httpUri()), "ada", "ada-pw", "bob", "bob-pw")
                .assertOk("a wrong password shows the page's error; the 401s challenged with Session realm=")
                .assertOk("admin signed in")
                .assertOk("the table shows the client")
                .assertOk("the filter narrows the table")
                .assertOk("closed the client with 4321")
                .assertOk("a user without the admin role sees")
                .assertOk("banned 203.0.113.9 and lifted the ban")
                .assertOk("started and cancelled a drain")
                .assertOk("signed out");
        String screenshot = System.getenv("SWITCHBOARD_SCREENSHOT");
        if (screenshot != null) {
            assertThat(Files.size(Path.of(screenshot))).isPositive();
        }
    }
}
