package dev.switchboard.client.e2ee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.link.LinkAuth;
import dev.switchboard.client.link.LinkOptions;
import dev.switchboard.client.testing.Credentials;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two headless Chromium pages running {@code switchboard-e2ee.js} and this module's {@link E2eeClient} exchange
 * encrypted direct and group messages through a real server ({@code embedded/src/test/browser/e2ee.mjs}, which asks
 * this test through {@code HOOK} lines to act as the Java user): WebCrypto and the JDK's providers read each other's
 * messages, and the server's wire log holds none of the texts.
 */
class BrowsersAndAJavaClientExchangeEncryptedMessagesTest {

    private static final Path BROWSER_DIR =
            Path.of("..", "embedded", "src", "test", "browser").toAbsolutePath().normalize();
    private static final Path CHROMIUM =
            Path.of(System.getenv().getOrDefault("SWITCHBOARD_CHROMIUM", "/usr/bin/chromium"));

    @TempDir
    static Path dir;

    static SwitchboardServer server;
    static Path wireLog;

    @BeforeAll
    static void start() throws Exception {
        assertThat(Files.isDirectory(BROWSER_DIR.resolve("node_modules")))
                .as(BROWSER_DIR.resolve("node_modules")
                        + " is missing: the embedded module's build runs `npm ci` there")
                .isTrue();
        assertThat(Files.isExecutable(CHROMIUM))
                .as("Chromium is missing at " + CHROMIUM
                        + " (apt-get install -y chromium; ./build test does it as root)")
                .isTrue();
        Path users = dir.resolve("users");
        Credentials.addUser(users, "amy", "pw-amy", "user");
        Credentials.addUser(users, "ben", "pw-ben", "user");
        Credentials.addUser(users, "jay", "pw-jay", "user");
        wireLog = dir.resolve("wire.log");
        server = TestServers.start(builder -> builder.environmentEntry(ConfigKeys.AUTH_REQUIRED, "true")
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .environmentEntry(ConfigKeys.WIRELOG_ENABLED, "true")
                .environmentEntry(ConfigKeys.WIRELOG_FILE, wireLog.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    @Test
    void webCryptoAndTheJavaClientReadEachOthersMessagesAndTheServerNone() throws Exception {
        List<String> javaSaw = new CopyOnWriteArrayList<>();
        E2eeListener inbox = new E2eeListener() {
            @Override
            public void direct(String from, String text) {
                javaSaw.add("direct " + from + ": " + text);
            }

            @Override
            public void group(String group, String from, String text) {
                javaSaw.add("group " + group + " " + from + ": " + text);
            }

            @Override
            public void rejected(String from, E2eeException reason) {
                javaSaw.add("rejected " + from + " " + reason.reason());
            }
        };
        E2eeClient[] jay = new E2eeClient[1];
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Process node = new ProcessBuilder("node", "e2ee.mjs", "http://127.0.0.1:" + server.port() + "/")
                .directory(BROWSER_DIR.toFile())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                Writer in = node.outputWriter(StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (!line.startsWith("HOOK ")) {
                    continue;
                }
                JsonObject command;
                try (var reader = Json.createReader(new StringReader(line.substring(5)))) {
                    command = reader.readObject();
                }
                String answer;
                try {
                    answer = switch (command.getString("do")) {
                        case "java-connect" -> {
                            jay[0] = E2eeClient.connect(
                                    LinkOptions.builder(TestServers.ws(server)).auth(LinkAuth.ticket("jay", "pw-jay")),
                                    inbox);
                            jay[0].ready().get(30, TimeUnit.SECONDS);
                            yield "{}";
                        }
                        case "java-inbox" -> {
                            var seen = Json.createArrayBuilder();
                            javaSaw.forEach(seen::add);
                            yield Json.createObjectBuilder()
                                    .add("seen", seen)
                                    .build()
                                    .toString();
                        }
                        case "java-send" -> {
                            jay[0].sendDirect(command.getString("to"), command.getString("text"))
                                    .get(30, TimeUnit.SECONDS);
                            yield "{}";
                        }
                        case "java-join" -> {
                            jay[0].joinGroup(command.getString("group")).get(30, TimeUnit.SECONDS);
                            yield "{}";
                        }
                        case "java-group-send" -> {
                            jay[0].sendGroup(command.getString("group"), command.getString("text"))
                                    .get(30, TimeUnit.SECONDS);
                            yield "{}";
                        }
                        default -> throw new IllegalArgumentException("unknown hook " + command);
                    };
                } catch (Exception e) {
                    answer = Json.createObjectBuilder()
                            .add("error", String.valueOf(e))
                            .build()
                            .toString();
                }
                in.write(answer + "\n");
                in.flush();
            }
            assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
        } finally {
            node.destroyForcibly();
            if (jay[0] != null) {
                jay[0].close();
            }
        }
        String printed = String.join("\n", output);
        assertThat(node.exitValue())
                .as("the scenario's exit code; its output:\n" + printed)
                .isZero();
        assertThat(output)
                .as(printed)
                .contains("DONE")
                .anyMatch(line -> line.startsWith("OK a replayed and an altered message are refused"));
        assertThat(javaSaw).noneMatch(line -> line.startsWith("rejected"));

        // Stopping the server writes out what the wire log still held.
        TestServers.stop(server);
        String frames = Files.readString(wireLog);
        assertThat(frames).contains("group-message").contains("\"ciphertext\"");
        for (String secret : List.of(
                "browser to browser",
                "browser to java",
                "java to browser",
                "hello trio",
                "java says hi",
                "after the forgeries")) {
            assertThat(frames).as("the frames the server handled").doesNotContain(secret);
        }
    }
}
