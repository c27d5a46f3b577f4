package dev.switchboard.embedded.docroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.embedded.SwitchboardLauncher;
import dev.switchboard.embedded.SwitchboardServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's server reads the document root, the static max-age and the range limit from the configuration
 * keys, and refuses to start with a document root that is not a directory.
 */
class DocumentRootSettingsComeFromConfigurationTest {

    private static final List<String> KEYS = List.of(
            ConfigKeys.HOST,
            ConfigKeys.PORT,
            ConfigKeys.DOCUMENT_ROOT,
            ConfigKeys.STATIC_MAX_AGE,
            ConfigKeys.STATIC_MAX_RANGES);

    @TempDir
    Path dir;

    @AfterEach
    void clearProperties() {
        KEYS.forEach(System::clearProperty);
    }

    @Test
    void theKeysConfigureTheRootTheCacheAgeAndTheRangeLimit() throws Exception {
        Path root = Files.createDirectories(dir.resolve("www"));
        Files.writeString(root.resolve("note.txt"), "0123456789");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        System.setProperty(ConfigKeys.HOST, "127.0.0.1");
        System.setProperty(ConfigKeys.PORT, Integer.toString(port));
        System.setProperty(ConfigKeys.DOCUMENT_ROOT, root.toString());
        System.setProperty(ConfigKeys.STATIC_MAX_AGE, "0");
        System.setProperty(ConfigKeys.STATIC_MAX_RANGES, "1");

        SwitchboardServer server = SwitchboardLauncher.fromConfiguration(new String[0], ConfigReader.standard())
                .build();
        server.start();
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            URI note = URI.create("http://127.0.0.1:" + server.port() + "/note.txt");
            HttpResponse<String> whole = client.send(
                    HttpRequest.newBuilder(note).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo("0123456789");
            assertThat(whole.headers().firstValue("Cache-Control")).hasValue("no-cache");

            HttpResponse<String> one = client.send(
                    HttpRequest.newBuilder(note)
                            .header("Range", "bytes=2-4")
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(one.statusCode()).isEqualTo(206);
            assertThat(one.body()).isEqualTo("234");

            HttpResponse<String> two = client.send(
                    HttpRequest.newBuilder(note)
                            .header("Range", "bytes=0-1,4-5")
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(two.statusCode()).as("two ranges, one allowed").isEqualTo(416);
        } finally {
            server.stop();
        }
    }

    @Test
    void aDocumentRootThatIsNotADirectoryIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        System.setProperty(ConfigKeys.DOCUMENT_ROOT, file.toString());

        assertThatThrownBy(() -> SwitchboardLauncher.fromConfiguration(new String[0], ConfigReader.standard()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a readable directory");
    }
}
