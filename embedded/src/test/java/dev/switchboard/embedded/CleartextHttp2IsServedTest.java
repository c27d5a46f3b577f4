package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CleartextHttp2IsServedTest {

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestClient.startServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void http2ClientIsUpgradedToH2cOnTheHttpPort() throws Exception {
        // The JDK client asks for h2c with "Upgrade: h2c" on its first request, then speaks HTTP/2.
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            HttpRequest request = HttpRequest.newBuilder(server.httpUri().resolve("/health"))
                    .timeout(TestClient.DEADLINE)
                    .build();

            HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> second = client.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(second.body()).contains("\"status\":\"UP\"");
        }
    }
}
