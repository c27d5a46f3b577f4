package dev.switchboard.embedded.docroot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.firewall.LoopbackClient;
import dev.switchboard.embedded.testing.BasicAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A document root gives nothing away outside itself: every spelling of a climb out of it (dot segments, escaped
 * dots and slashes, double escapes, backslashes) is refused with 400 before any file is looked up, symbolic links are not followed, hidden files are not
 * served; and its files stay behind Switchboard's firewall and its protected-path rules.
 *
 * <p>The traversal requests go through a raw socket: the JDK client normalises or rejects such request targets
 * before sending them, and an attacker's client does not.
 */
class DocumentRootRefusesTraversalHiddenFilesAndLinksTest {

    private static final String LOCAL = "127.0.0.1";
    private static final String SECRET = "outside-the-root-secret";

    @TempDir
    static Path dir;

    static SwitchboardServer server;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("hello.txt"), "hello");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/inner.txt"), "inner");
        Files.writeString(root.resolve(".env"), SECRET);
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/config"), SECRET);
        Files.createDirectories(root.resolve("private"));
        Files.writeString(root.resolve("private/report.txt"), "the report");
        Files.createSymbolicLink(root.resolve("link-out.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("link-dir"), outside);
        Files.createSymbolicLink(root.resolve("link-in.txt"), root.resolve("hello.txt"));
        Path users = dir.resolve("users");
        UsersFile.addOrUpdate(users, "frank", PasswordHashes.hash("pw".toCharArray(), 1_000), List.of("staff"));
        server = SwitchboardServer.builder()
                .host(LOCAL)
                .port(0)
                .documentRoot(root)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.AUTH_PROTECTED_PATHS, "/private")
                .environmentEntry(ConfigKeys.FIREWALL_DENY, "127.0.0.2")
                .build();
        server.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.stop();
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/../outside/secret.txt",
                "/sub/../../outside/secret.txt",
                "/%2e%2e/outside/secret.txt",
                "/sub/%2e%2e/%2e%2e/outside/secret.txt",
                "/%2E%2E/outside/secret.txt",
                "/..%2Foutside%2Fsecret.txt",
                "/sub/..%2f..%2foutside/secret.txt",
                "/%252e%252e/outside/secret.txt",
                "/%252e%252e%252foutside%252fsecret.txt",
                "/..%5Coutside%5Csecret.txt",
                "/sub/..%5c..%5coutside/secret.txt",
                "/..\\outside\\secret.txt",
                "/sub\\..\\..\\outside\\secret.txt",
                "/%c0%ae%c0%ae/outside/secret.txt",
                "/..;/outside/secret.txt",
                "/sub/.%2e/.%2e/outside/secret.txt"
            })
    void aClimbOutOfTheRootIsRefused(String target) throws Exception {
        LoopbackClient response = LoopbackClient.fetch(LOCAL, server.port(), target, Map.of());
        assertThat(response.status).as(target).isEqualTo(400);
        assertThat(response.body).as(target).doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/link-out.txt", "/link-dir/secret.txt", "/link-in.txt"})
    void symbolicLinksAreNotFollowed(String target) throws Exception {
        HttpResponse<String> response = get(target, Map.of());
        assertThat(response.statusCode()).as(target).isEqualTo(404);
        assertThat(response.body()).as(target).doesNotContain(SECRET).doesNotContain("hello");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/.env", "/.git/config", "/sub/../.env", "/%2eenv", "/.git/"})
    void hiddenFilesAreNotServed(String target) throws Exception {
        LoopbackClient response = LoopbackClient.fetch(LOCAL, server.port(), target, Map.of());
        assertThat(response.status).as(target).isIn(400, 404);
        assertThat(response.body).as(target).doesNotContain(SECRET);
    }

    @Test
    void filesInsideTheRootAreServed() throws Exception {
        assertThat(get("/hello.txt", Map.of()).body()).isEqualTo("hello");
        assertThat(get("/sub/inner.txt", Map.of()).body()).isEqualTo("inner");
        assertThat(LoopbackClient.fetch(LOCAL, server.port(), "/sub/../hello.txt", Map.of()).body)
                .as("a dot segment that stays inside the root")
                .isEqualTo("hello");
    }

    @Test
    void aProtectedPathUnderTheRootNeedsALogin() throws Exception {
        HttpResponse<String> anonymous = get("/private/report.txt", Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("the report");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(LoopbackClient.fetch(LOCAL, server.port(), "/sub/../private/report.txt", Map.of()).status)
                .isEqualTo(401);

        HttpResponse<String> frank = get("/private/report.txt", BasicAuth.basic("frank", "pw"));
        assertThat(frank.statusCode()).isEqualTo(200);
        assertThat(frank.body()).isEqualTo("the report");
    }

    @Test
    void theFirewallRefusesADeniedAddressBeforeAnyFileIsRead() throws Exception {
        LoopbackClient denied = LoopbackClient.fetch("127.0.0.2", server.port(), "/hello.txt", Map.of());
        assertThat(denied.status).isEqualTo(403);
        assertThat(denied.body).doesNotContain("hello");
        assertThat(LoopbackClient.fetch("127.0.0.3", server.port(), "/hello.txt", Map.of()).status)
                .isEqualTo(200);
    }
}
