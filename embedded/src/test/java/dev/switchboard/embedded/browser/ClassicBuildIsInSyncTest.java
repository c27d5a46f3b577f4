package dev.switchboard.embedded.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code switchboard.classic.js} is the ES module {@code switchboard.js} wrapped for a classic script; both are
 * committed so that no build step is needed to serve them. The generator's check mode fails when they differ.
 */
class ClassicBuildIsInSyncTest {

    @Test
    void classicScriptIsTheModuleWrapped() throws Exception {
        Path generator = Path.of("..", "web-module", "src", "build", "make-classic.mjs")
                .toAbsolutePath()
                .normalize();
        assertThat(Files.isRegularFile(generator)).as(generator.toString()).isTrue();
        NodeScenario.Result result = NodeScenario.run(Duration.ofSeconds(30), generator.toString(), "--check");
        assertThat(result.exitCode()).as(String.join("\n", result.lines())).isZero();
    }
}
