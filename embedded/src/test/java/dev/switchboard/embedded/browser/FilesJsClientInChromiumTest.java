package dev.switchboard.embedded.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.event.FileReceivedEvent;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.protocol.files.FileOptions;
import dev.switchboard.protocol.files.FilesGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser Files client ({@code js/switchboard-files.js}) in headless Chromium: a generated 3 MB Blob uploaded at
 * QoS 1 and 2 reaches the server with the SHA-256 the page computed, and a file the server publishes to the channel
 * the page subscribed to arrives in the page with the file's SHA-256; the compat global {@code sgcws_files} of
 * {@code files.esegece.com.js} sends a file with {@code SendFile} too. The page is driven by {@code files-page.mjs}.
 */
class FilesJsClientInChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** The server application: the SHA-256 of every received file, by name, and the gateway. */
    @ApplicationScoped
    public static class FilesApp {
        static final Map<String, String> RECEIVED = new ConcurrentHashMap<>();
        static volatile FilesGateway gateway;

        @Inject
        FilesGateway injected;

        void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
            gateway = injected;
        }

        void received(@Observes FileReceivedEvent event) throws Exception {
            RECEIVED.put(event.fileName(), sha256(Files.readAllBytes(event.path())));
        }
    }

    @TempDir
    static Path dir;

    private static SwitchboardServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        NodeScenario.requireTools(true);
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .beanClasses(FilesApp.class)
                .environmentEntry(
                        ConfigKeys.FILES_SPOOL_DIRECTORY,
                        Files.createDirectories(dir.resolve("spool")).toString())
                .build();
        server.start();
        base = NodeScenario.base(server.httpUri());
    }

    @AfterAll
    static void stop() throws Exception {
        NodeScenario.extraHook = null;
        if (server != null) {
            server.stop();
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aPageUploadsAtQos1And2AndReceivesAPublishedFileWithTheSameSha256() throws Exception {
        byte[] content = new byte[3 << 20];
        new Random(5).nextBytes(content);
        Path file = Files.write(dir.resolve("to-the-page.bin"), content);
        String expected = sha256(content);
        NodeScenario.extraHook = command -> {
            if (!command.getString("op").equals("publishFile")) {
                throw new IllegalArgumentException("unknown hook " + command);
            }
            try {
                int count = FilesApp.gateway
                        .publishFile(command.getString("channel"), file, new FileOptions(2, 64 << 10, "for the page"))
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                return Json.createObjectBuilder()
                        .add("count", count)
                        .add("size", content.length)
                        .add("sha256", expected)
                        .build();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        NodeScenario.Result result =
                NodeScenario.run(TIMEOUT, "files-page.mjs", base, "page-files-" + System.nanoTime());
        result.assertOk("files page in chromium");

        for (String name : new String[] {"browser-qos1.bin", "browser-qos2.bin", "compat.bin"}) {
            String line = result.lines().stream()
                    .filter(l -> l.startsWith("SHA " + name + " "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the page printed no SHA-256 for " + name));
            assertThat(FilesApp.RECEIVED.get(name))
                    .as("the server's SHA-256 of " + name)
                    .isEqualTo(line.substring(("SHA " + name + " ").length()));
        }
    }
}
