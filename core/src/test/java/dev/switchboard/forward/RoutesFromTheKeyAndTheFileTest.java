package dev.switchboard.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutesFromTheKeyAndTheFileTest {

    @TempDir
    Path directory;

    private static ConfigReader config(Map<String, String> values) {
        return new ConfigReader(List.of(new ConfigReader.Source() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(values.get(key));
            }

            @Override
            public String describe() {
                return "test";
            }
        }));
    }

    private Path file(String text) throws IOException {
        return Files.writeString(directory.resolve("routes.conf"), text);
    }

    @Test
    void routesOfTheKeyAndTheFileAreUsedTogetherInOneMatchingOrder() throws IOException {
        Path file = file("""
                # from the file
                /api/v2/ = http://h:3/
                ~^/shop/(\\d+)$ = http://h:4/stores/$1
                """);

        ForwardSettings settings = ForwardSettings.read(config(Map.of(
                ConfigKeys.FORWARD_ROUTES, "/=http://h:1/;~^/api/v\\d+/admin/.*=http://h:2/",
                ConfigKeys.FORWARD_ROUTES_FILE, file.toString(),
                ConfigKeys.FORWARD_TIMEOUT, "7s")));

        assertThat(settings.routes())
                .extracting(Route::name)
                .containsExactly("~^/api/v\\d+/admin/.*", "~^/shop/(\\d+)$", "/api/v2/", "/");
        assertThat(settings.routes()).allSatisfy(r -> assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void theFileAloneIsEnough() throws IOException {
        Path file = file("/legacy/=http://h:1/\n");

        ForwardSettings settings =
                ForwardSettings.read(config(Map.of(ConfigKeys.FORWARD_ROUTES_FILE, file.toString())));

        assertThat(settings.routes()).extracting(Route::name).containsExactly("/legacy/");
    }

    @Test
    void aPrefixInBothTheKeyAndTheFileFailsNamingBoth() throws IOException {
        Path file = file("/legacy=http://h:2/\n");

        assertThatThrownBy(() -> ForwardSettings.read(config(Map.of(
                        ConfigKeys.FORWARD_ROUTES,
                        "/legacy/=http://h:1/",
                        ConfigKeys.FORWARD_ROUTES_FILE,
                        file.toString()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two forwarding routes for '/legacy/'")
                .hasMessageContaining(ConfigKeys.FORWARD_ROUTES)
                .hasMessageContaining(file.toString());
    }

    @Test
    void aMissingRoutesFileFailsNamingTheKeyAndThePath() {
        Path missing = directory.resolve("absent.conf");

        assertThatThrownBy(
                        () -> ForwardSettings.read(config(Map.of(ConfigKeys.FORWARD_ROUTES_FILE, missing.toString()))))
                .hasMessageContaining(ConfigKeys.FORWARD_ROUTES_FILE)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aHostPolicyTheJvmCannotHonourFailsNamingTheRoutesAndTheJvmOption() {
        List<Route> routes = Route.parse(
                "/a=http://h:1/ host=preserve;/b=http://h:2/ host=portal.example;" + "/c=http://h:3/",
                Duration.ofSeconds(30));

        assertThatThrownBy(() -> ForwardSettings.requireHostHeaderSupport(routes, false))
                .hasMessageContaining("'/a/' (host=preserve)")
                .hasMessageContaining("'/b/' (host=portal.example)")
                .hasMessageNotContaining("'/c/'")
                .hasMessageContaining("-Djdk.httpclient.allowRestrictedHeaders=host");
        ForwardSettings.requireHostHeaderSupport(routes, true);
        ForwardSettings.requireHostHeaderSupport(Route.parse("/c=http://h:3/", Duration.ofSeconds(30)), false);
    }

    @Test
    void theProbeReflectsWhetherTheJdkClientAcceptsAHostHeaderInThisJvm() {
        // The core test JVM is started without the property, and nothing in it sets the property.
        String property = System.getProperty(Route.ALLOW_RESTRICTED_HEADERS, "");

        assertThat(ForwardSettings.hostHeaderAllowed())
                .isEqualTo(property.toLowerCase().contains("host"));
    }
}
