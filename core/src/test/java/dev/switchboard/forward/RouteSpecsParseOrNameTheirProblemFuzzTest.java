package dev.switchboard.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.api.AmbiguousPathException;
import dev.switchboard.api.RequestPath;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;

/**
 * The forwarding route key, a routes file and a duration either parse or fail with the
 * {@link IllegalArgumentException} the parser documents; a parsed route then decides on any canonical client path
 * in linear time, and a remainder it returns is empty or starts with {@code /}.
 */
class RouteSpecsParseOrNameTheirProblemFuzzTest {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void routesKey(FuzzedDataProvider data) {
        boolean file = data.consumeBoolean();
        String rawPath = data.consumeString(200);
        String spec = data.consumeRemainingAsString();
        List<Route> routes;
        try {
            routes = file
                    ? RouteParser.parseFile(spec, "routes.txt", DEFAULT_TIMEOUT)
                    : RouteParser.parseKey(spec, DEFAULT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        String path;
        try {
            path = RequestPath.canonicalise(rawPath);
        } catch (AmbiguousPathException e) {
            path = "/";
        }
        for (Route route : routes) {
            Optional<String> remainder = route.remainder(path);
            assertThat(route.matches(path)).isEqualTo(remainder.isPresent());
            remainder.ifPresent(rest -> {
                if (!rest.isEmpty()) {
                    assertThat(rest).startsWith("/");
                }
            });
        }
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(5)
    void duration(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            assertThat(RouteParser.duration(text)).isPositive();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
