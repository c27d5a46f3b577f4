package dev.switchboard.embedded.docroot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.firewall.LoopbackClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of a configured document root are served with their content type, validators (ETag, Last-Modified) that
 * answer conditional requests with 304, {@code Cache-Control} from the configured max-age, and single and multipart
 * byte ranges (206, 416); directories are not listed; the root's files come before the web module's pages, and
 * Switchboard's own paths come before the root's files.
 */
class DocumentRootServesFilesWithValidatorsAndRangesTest {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz";
    private static final Instant MODIFIED = Instant.parse("2026-01-02T03:04:05Z");
    /** The IMF-fixdate of RFC 9110 section 5.6.7, which servers send (two-digit day). */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    @TempDir
    static Path dir;

    static SwitchboardServer server;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("alphabet.txt"), ALPHABET);
        Files.setLastModifiedTime(root.resolve("alphabet.txt"), FileTime.from(MODIFIED));
        Files.writeString(root.resolve("page.html"), "<!doctype html><title>p</title>");
        Files.writeString(root.resolve("data.json"), "{\"a\":1}");
        Files.writeString(root.resolve("index.html"), "<!doctype html><title>the application's own index</title>");
        Files.createDirectories(root.resolve("plain"));
        Files.writeString(root.resolve("plain/listed-if-listing.txt"), "x");
        Files.writeString(root.resolve("health"), "a file named like Switchboard's health endpoint");
        Files.writeString(root.resolve("ws"), "a file named like the WebSocket path");
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .documentRoot(root)
                .staticMaxAge(Duration.ofSeconds(120))
                .staticMaxRanges(4)
                .build();
        server.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.stop();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aFileIsServedWithItsTypeValidatorsAndCacheControl() throws Exception {
        HttpResponse<String> response = get("/alphabet.txt");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(ALPHABET);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.headers().firstValue("ETag"))
                .hasValueSatisfying(tag -> assertThat(tag).startsWith("W/\"").endsWith("\""));
        assertThat(response.headers().firstValue("Last-Modified")).hasValue(HTTP_DATE.format(MODIFIED));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("max-age=120");
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");

        assertThat(get("/page.html").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(get("/data.json").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void aMatchingETagOrAnUnchangedDateAnswers304WithoutABody() throws Exception {
        String etag = get("/alphabet.txt").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> byTag = get("/alphabet.txt", "If-None-Match", etag);
        assertThat(byTag.statusCode()).isEqualTo(304);
        assertThat(byTag.body()).isEmpty();
        assertThat(byTag.headers().firstValue("ETag")).hasValue(etag);

        HttpResponse<String> otherTag = get("/alphabet.txt", "If-None-Match", "\"something-else\"");
        assertThat(otherTag.statusCode()).isEqualTo(200);
        assertThat(otherTag.body()).isEqualTo(ALPHABET);

        String later = HTTP_DATE.format(MODIFIED.plusSeconds(60));
        HttpResponse<String> byDate = get("/alphabet.txt", "If-Modified-Since", later);
        assertThat(byDate.statusCode()).isEqualTo(304);
        assertThat(byDate.body()).isEmpty();

        String earlier = HTTP_DATE.format(MODIFIED.minusSeconds(60));
        assertThat(get("/alphabet.txt", "If-Modified-Since", earlier).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aSingleRangeAnswers206WithThoseBytes() throws Exception {
        HttpResponse<String> response = get("/alphabet.txt", "Range", "bytes=0-9");
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo("abcdefghij");
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 0-9/26");
        assertThat(response.headers().firstValue("Content-Length")).hasValue("10");

        HttpResponse<String> suffix = get("/alphabet.txt", "Range", "bytes=-3");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo("xyz");
    }

    @Test
    void severalRangesAnswer206AsMultipartByteranges() throws Exception {
        HttpResponse<String> response = get("/alphabet.txt", "Range", "bytes=0-2,10-12");
        assertThat(response.statusCode()).isEqualTo(206);
        String type = response.headers().firstValue("Content-Type").orElseThrow();
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        String boundary = type.substring(type.indexOf("boundary=") + "boundary=".length());
        assertThat(response.body())
                .contains("--" + boundary)
                .contains("Content-Range: bytes 0-2/26")
                .contains("\r\n\r\nabc\r\n")
                .contains("Content-Range: bytes 10-12/26")
                .contains("\r\n\r\nklm\r\n")
                .contains("--" + boundary + "--");
    }

    @Test
    void anUnsatisfiableRangeOrTooManyRangesAnswer416() throws Exception {
        HttpResponse<String> beyond = get("/alphabet.txt", "Range", "bytes=100-200");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.body()).doesNotContain(ALPHABET);

        HttpResponse<String> tooMany = get("/alphabet.txt", "Range", "bytes=0-0,1-1,2-2,3-3,4-4");
        assertThat(tooMany.statusCode()).as("five ranges, four allowed").isEqualTo(416);
        assertThat(get("/alphabet.txt", "Range", "bytes=0-0,1-1,2-2", "Range", "bytes=3-3,4-4")
                        .statusCode())
                .as("five ranges over two field lines")
                .isEqualTo(416);
        assertThat(get("/alphabet.txt", "Range", "bytes=0-0,1-1,2-2,3-3").statusCode())
                .isEqualTo(206);
    }

    @Test
    void aDirectoryWithoutIndexIsNotListed() throws Exception {
        HttpResponse<String> slashless = get("/plain");
        assertThat(slashless.statusCode()).isEqualTo(302);
        assertThat(slashless.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/plain/"));
        HttpResponse<String> directory = get("/plain/");
        assertThat(directory.statusCode()).isEqualTo(403);
        assertThat(directory.body()).doesNotContain("listed-if-listing.txt");
    }

    @Test
    void theRootsIndexReplacesTheDemoPageAndTheWebModulesScriptsAreStillServed() throws Exception {
        assertThat(get("/").body()).contains("the application's own index");
        HttpResponse<String> script = get("/js/switchboard.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(script.headers().firstValue("ETag")).isPresent();
    }

    @Test
    void switchboardsOwnPathsComeBeforeTheRootsFiles() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.body()).doesNotContain("a file named like").contains("UP");
        assertThat(LoopbackClient.upgradeStatus("127.0.0.1", server.port(), "/ws", Map.of()))
                .as("the WebSocket handshake at /ws still upgrades")
                .isEqualTo(101);
    }
}
