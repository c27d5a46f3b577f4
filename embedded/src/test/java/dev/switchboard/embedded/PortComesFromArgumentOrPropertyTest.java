package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PortComesFromArgumentOrPropertyTest {

    @BeforeEach
    void bindLocally() {
        System.setProperty(ConfigKeys.HOST, "127.0.0.1");
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty(ConfigKeys.HOST);
        System.clearProperty(ConfigKeys.PORT);
    }

    @Test
    void portArgumentSelectsThePort() throws Exception {
        int port = freePort();

        assertServesHealthOn(
                SwitchboardLauncher.fromConfiguration(
                        new String[] {"--port", String.valueOf(port)}, ConfigReader.standard()),
                port);
    }

    @Test
    void portPropertySelectsThePort() throws Exception {
        int port = freePort();
        System.setProperty(ConfigKeys.PORT, String.valueOf(port));

        assertServesHealthOn(SwitchboardLauncher.fromConfiguration(new String[0], ConfigReader.standard()), port);
    }

    @Test
    void portArgumentWinsOverTheProperty() throws Exception {
        int fromProperty = freePort();
        int fromArgument = freePort();
        System.setProperty(ConfigKeys.PORT, String.valueOf(fromProperty));

        assertServesHealthOn(
                SwitchboardLauncher.fromConfiguration(new String[] {"--port=" + fromArgument}, ConfigReader.standard()),
                fromArgument);
    }

    @Test
    void unknownArgumentIsRefused() {
        assertThatThrownBy(() ->
                        SwitchboardLauncher.fromConfiguration(new String[] {"--prot", "1"}, ConfigReader.standard()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--prot");
    }

    private static void assertServesHealthOn(SwitchboardServerBuilder builder, int port) throws Exception {
        SwitchboardServer server = builder.build();
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertThat(server.port()).isEqualTo(port);
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(TestClient.DEADLINE)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        } finally {
            server.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
