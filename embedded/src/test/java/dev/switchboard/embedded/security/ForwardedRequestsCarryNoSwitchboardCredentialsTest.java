package dev.switchboard.embedded.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.BasicAuth;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream behind a forwarding route never receives the credentials a client presented to Switchboard: its
 * login session cookie, the {@code Authorization} header it consumed, a login ticket, the SSE post key. A route with
 * {@code credentials=pass} passes them on purpose; other cookies always pass.
 */
class ForwardedRequestsCarryNoSwitchboardCredentialsTest {

    @TempDir
    static Path dir;

    static SwitchboardServer server;
    static HttpServer upstream;
    static final AtomicReference<Headers> lastHeaders = new AtomicReference<>();
    static final AtomicReference<String> lastQuery = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            lastHeaders.set(exchange.getRequestHeaders());
            lastQuery.set(exchange.getRequestURI().getRawQuery());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        upstream.start();
        Path users = dir.resolve("users");
        UsersFile.addOrUpdate(users, "frank", PasswordHashes.hash("pw".toCharArray(), 1_000), List.of("staff"));
        String base = "http://127.0.0.1:" + upstream.getAddress().getPort();
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(
                        ConfigKeys.FORWARD_ROUTES,
                        "/app/=" + base + "/ auth=required;" + "/trusted/=" + base + "/ auth=required credentials=pass")
                .build();
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        upstream.stop(0);
    }

    @Test
    void basicCredentialsAndThePostKeyStayWithSwitchboard() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            send(client, "/app/report?x=1", basic(), "theme=dark");
            assertThat(lastHeaders.get().containsKey("Authorization")).isFalse();
            assertThat(lastHeaders.get().containsKey("X-switchboard-post-key")).isFalse();
            assertThat(lastHeaders.get().getFirst("Cookie")).isEqualTo("theme=dark");
            assertThat(lastQuery.get()).isEqualTo("x=1");

            send(client, "/trusted/report?x=1", basic(), "theme=dark");
            assertThat(lastHeaders.get().getFirst("Authorization")).isEqualTo(basic());
            assertThat(lastHeaders.get().getFirst("X-switchboard-post-key")).isEqualTo("key");
        }
    }

    @Test
    void theLoginSessionCookieAndATicketStayWithSwitchboard() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> login = client.send(
                    HttpRequest.newBuilder(uri("/auth/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("user=frank&password=pw"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            String session =
                    login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertThat(session).startsWith("JSESSIONID=");

            send(client, "/app/page", null, session + "; theme=dark");
            assertThat(lastHeaders.get().getFirst("Cookie")).isEqualTo("theme=dark");

            send(client, "/app/page", null, session);
            assertThat(lastHeaders.get().containsKey("Cookie")).isFalse();

            String ticket = ticket(client, session);
            send(client, "/app/page?ticket=" + ticket + "&y=2", null, null);
            assertThat(lastQuery.get()).isEqualTo("y=2");
        }
    }

    private static String ticket(HttpClient client, String session) throws Exception {
        HttpResponse<String> answer = client.send(
                HttpRequest.newBuilder(uri("/auth/ticket"))
                        .header("Cookie", session)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        String body = answer.body();
        int at = body.indexOf("\"ticket\"");
        int start = body.indexOf('"', body.indexOf(':', at) + 1) + 1;
        return body.substring(start, body.indexOf('"', start));
    }

    private static void send(HttpClient client, String path, String authorization, String cookie) throws Exception {
        lastHeaders.set(null);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("X-Switchboard-Post-Key", "key");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path).isEqualTo(204);
        assertThat(lastHeaders.get()).isNotNull();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static String basic() {
        return BasicAuth.credentials("frank", "pw");
    }
}
