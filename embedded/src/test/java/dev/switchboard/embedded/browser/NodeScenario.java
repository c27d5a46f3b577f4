package dev.switchboard.embedded.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.Await;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Node script of {@code src/test/browser} against a server and collects its output. A script prints
 * {@code OK <what>} lines and {@code DONE} on success, {@code FAIL <why>} on failure; a line {@code HOOK <json>} asks
 * this driver to act on the server ({@link #hook}), and the answer is written back as one JSON line on its stdin.
 * The process is killed when it outlives its timeout.
 */
final class NodeScenario {

    static final Path BROWSER_DIR = Path.of("src", "test", "browser").toAbsolutePath();
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SWITCHBOARD_CHROMIUM", "/usr/bin/chromium"));

    /** What a script printed and how it ended. */
    record Result(int exitCode, List<String> lines, Duration took) {

        /** Asserts that the script succeeded and printed an {@code OK} line containing {@code expected}. */
        Result assertOk(String expected) {
            String output = String.join("\n", lines);
            assertThat(exitCode)
                    .as("exit code of the scenario; its output:\n" + output)
                    .isZero();
            assertThat(lines)
                    .as("scenario output")
                    .contains("DONE")
                    .anySatisfy(line -> assertThat(line).startsWith("OK ").contains(expected));
            return this;
        }
    }

    private NodeScenario() {}

    /** Fails (never skips) when the tools the scenarios need are missing, with what to do about it. */
    static void requireTools(boolean chromium) {
        assertThat(Files.isDirectory(BROWSER_DIR.resolve("node_modules")))
                .as(BROWSER_DIR.resolve("node_modules") + " is missing: the build runs `npm ci` there "
                        + "(exec-maven-plugin, generate-test-resources); run it by hand if you run this test alone")
                .isTrue();
        if (chromium) {
            assertThat(Files.isExecutable(CHROMIUM))
                    .as(
                            "Chromium is missing at " + CHROMIUM + ": install Debian's chromium "
                                    + "(apt-get update && apt-get install -y chromium; `./build test` does it when run as root)")
                    .isTrue();
        }
    }

    static Result run(Duration timeout, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(BROWSER_DIR.toFile())
                .redirectErrorStream(true)
                .start();
        long started = System.nanoTime();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    Writer in = process.outputWriter(StandardCharsets.UTF_8)) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    if (line.startsWith("HOOK ")) {
                        in.write(answer(line.substring(5)) + "\n");
                        in.flush();
                    }
                }
            } catch (IOException e) {
                lines.add("driver: " + e);
            }
        });
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(Duration.ofSeconds(10));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        List<String> output = List.copyOf(lines);
        // Kept in the test report: what the scenario saw, also when it passed.
        output.forEach(line -> System.out.println("[" + script + "] " + line));
        System.out.println("[" + script + "] took " + took.toMillis() + " ms");
        assertThat(ended)
                .as(script + " did not finish within " + timeout + "; its output:\n" + String.join("\n", output))
                .isTrue();
        return new Result(process.exitValue(), output, took);
    }

    /** Carries out one hook command and returns the JSON answer. */
    private static String answer(String json) {
        try {
            JsonObject command = Json.createReader(new StringReader(json)).readObject();
            return hook(command).toString();
        } catch (RuntimeException e) {
            return Json.createObjectBuilder()
                    .add("error", String.valueOf(e))
                    .build()
                    .toString();
        }
    }

    /**
     * The hooks: {@code publish {channel, message}} publishes through the gateway; {@code disconnect {id, code}}
     * closes a connection and waits until it is gone; {@code gate {refuseWebSocket?, refuseEventStreams?, refuseAll?}}
     * sets the {@link ServerHooks.Gate}.
     */
    static JsonObject hook(JsonObject command) {
        return switch (command.getString("op")) {
            case "publish" ->
                Json.createObjectBuilder()
                        .add(
                                "count",
                                ServerHooks.gateway.publish(command.getString("channel"), command.getString("message")))
                        .build();
            case "disconnect" -> {
                String id = command.getString("id");
                ServerHooks.gateway.disconnect(id, command.getInt("code", 4000), "cut off by the test");
                Await.until(
                        "connection " + id + " to close",
                        () -> ServerHooks.gateway.connection(id).isEmpty());
                yield JsonObject.EMPTY_JSON_OBJECT;
            }
            case "gate" -> {
                if (command.containsKey("refuseWebSocket")) {
                    ServerHooks.refuseWebSocket = command.getBoolean("refuseWebSocket");
                }
                if (command.containsKey("refuseEventStreams")) {
                    ServerHooks.refuseEventStreams = command.getBoolean("refuseEventStreams");
                }
                if (command.containsKey("refuseAll")) {
                    ServerHooks.refuseAll = command.getBoolean("refuseAll");
                }
                yield JsonObject.EMPTY_JSON_OBJECT;
            }
            default -> {
                java.util.function.Function<JsonObject, JsonObject> extra = extraHook;
                if (extra == null) {
                    throw new IllegalArgumentException("unknown hook " + command);
                }
                yield extra.apply(command);
            }
        };
    }

    /** Hooks a test class of its own answers: every op the ones above do not know; null for none. */
    static volatile java.util.function.Function<JsonObject, JsonObject> extraHook;

    static String base(URI httpUri) {
        String text = httpUri.toString();
        return text.endsWith("/") ? text : text + "/";
    }
}
