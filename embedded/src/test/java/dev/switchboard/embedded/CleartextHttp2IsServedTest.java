package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.RunningNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CleartextHttp2IsServedTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass();

    @Test
    void http2ClientIsUpgradedToH2cOnTheHttpPort() throws Exception {
        // The JDK client asks for h2c with "Upgrade: h2c" on its first request, then speaks HTTP/2.
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            HttpRequest request = HttpRequest.newBuilder(node.server().httpUri().resolve("/health"))
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
