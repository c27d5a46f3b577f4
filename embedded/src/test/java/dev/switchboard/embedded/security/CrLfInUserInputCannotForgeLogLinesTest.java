package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.auth.AuthClient;
import dev.switchboard.embedded.auth.Users;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.BasicAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.logging.JettyLogger;
import org.eclipse.jetty.logging.StdErrAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A client that puts CR/LF in what it sends (a user name in a login body or a Basic header, a request path) cannot
 * make the server write a log line of the client's choosing: the log shows the line break escaped, inside the one
 * entry it belongs to.
 *
 * <p>The embedded server logs through System.Logger, SLF4J and Jetty's appender; the test captures that appender's
 * output, whose own escaping the test resources switch off, so what is seen is exactly what Switchboard wrote.
 */
class CrLfInUserInputCannotForgeLogLinesTest {

    /** What an attacker would like an administrator to read as an entry of its own. */
    private static final String FORGED = "FORGED-ENTRY dev.switchboard.auth.Authentication admin logged in";

    @TempDir
    static Path dir;

    static SwitchboardServer server;

    private StdErrAppender appender;
    private PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        Path users = Users.add(dir.resolve("users"), "alice", "alice-pw");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_PROTECTED_PATHS, "/private")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @BeforeEach
    void capture() {
        appender = (StdErrAppender) ((JettyLogger) LoggerFactory.getLogger("dev.switchboard")).getAppender();
        assertThat(appender.isEscapedMessages())
                .as("the test resources switch the appender's escaping off")
                .isFalse();
        original = appender.getStream();
        appender.setStream(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        appender.setStream(original);
    }

    private List<String> lines() {
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private void assertNotForged(String entry) throws InterruptedException {
        Await.until("the entry '" + entry + "'", () -> lines().stream().anyMatch(line -> line.contains(entry)));
        for (String line : lines()) {
            if (line.contains("FORGED-ENTRY")) {
                assertThat(line)
                        .as("the forged text stays inside the entry that logged it")
                        .contains(entry)
                        .contains("\\r\\n" + FORGED);
            }
        }
    }

    @Test
    void aUserNameWithALineBreakInALoginBodyStaysInItsEntry() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            // JSON escapes carry the raw CR and LF into the user name.
            assertThat(AuthClient.post(
                                    client,
                                    AuthClient.http(server, "/auth/login"),
                                    "application/json",
                                    "{\"user\":\"mallory\\r\\n" + FORGED + "\",\"password\":\"guess\"}",
                                    Map.of())
                            .statusCode())
                    .isEqualTo(401);
            assertNotForged("Authentication refused for mallory");
        }
    }

    @Test
    void aUserNameWithALineBreakInABasicHeaderStaysInItsEntry() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertThat(AuthClient.get(
                                    client,
                                    AuthClient.http(server, "/health"),
                                    BasicAuth.basic("eve\r\n" + FORGED, "guess"))
                            .statusCode())
                    .isEqualTo(401);
            assertNotForged("Authentication refused for eve");
        }
    }
}
