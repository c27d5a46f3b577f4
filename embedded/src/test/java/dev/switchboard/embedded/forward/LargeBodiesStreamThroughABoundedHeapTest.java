package dev.switchboard.embedded.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.embedded.testing.ChildServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 512 MiB upload and a 512 MiB download pass through a proxy JVM whose heap is capped at 64 MiB, checksums
 * intact: buffering either body would run that JVM out of memory, so this cannot pass unless bodies stream.
 */
class LargeBodiesStreamThroughABoundedHeapTest {

    private static final long SIZE = 512L * 1024 * 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private static final CompletableFuture<long[]> UPLOADED = new CompletableFuture<>();

    @TempDir
    static Path directory;

    private static HttpServer upstream;
    private static ChildServer proxy;
    private static int port;
    private static HttpClient client;

    /** Deterministic bytes, generated on the fly, and their CRC. */
    static final class Generated extends InputStream {
        private long left;
        private long state = 0x9E3779B97F4A7C15L;

        Generated(long size) {
            left = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                b[off + i] = (byte) (state >>> 56);
            }
            left -= n;
            return n;
        }

        static long crc(long size) throws IOException {
            return checksum(new Generated(size))[1];
        }
    }

    static long[] checksum(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            crc.update(buffer, 0, n);
            total += n;
        }
        return new long[] {total, crc.getValue()};
    }

    @BeforeAll
    static void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/upload", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                UPLOADED.complete(checksum(in));
            } catch (IOException e) {
                UPLOADED.completeExceptionally(e);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        upstream.createContext("/download", exchange -> {
            // Chunked (length 0): the proxy cannot learn the size up front.
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody();
                    InputStream in = new Generated(SIZE)) {
                in.transferTo(out);
            }
        });
        upstream.start();
        proxy = ChildServer.start(
                directory.resolve("proxy.log"),
                "-Xmx64m",
                "-XX:+ExitOnOutOfMemoryError",
                "-Dswitchboard.forward.routes=/big/=http://127.0.0.1:"
                        + upstream.getAddress().getPort() + "/");
        port = proxy.port();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.shutdownNow();
        if (proxy != null) {
            proxy.close();
        }
        upstream.stop(0);
    }

    @Test
    void aLargeUploadStreamsToTheUpstreamIntact() throws Exception {
        long expected = Generated.crc(SIZE);
        HttpResponse<Void> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/big/upload"))
                        .timeout(DEADLINE)
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(SIZE)), SIZE))
                        .build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).as("log:%n%s", proxy.log()).isEqualTo(204);
        long[] uploaded = UPLOADED.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(uploaded[0]).isEqualTo(SIZE);
        assertThat(uploaded[1]).isEqualTo(expected);
        assertThat(proxy.process().isAlive())
                .as("proxy JVM alive; log:%n%s", proxy.log())
                .isTrue();
    }

    @Test
    void aLargeDownloadStreamsToTheClientIntact() throws Exception {
        long expected = Generated.crc(SIZE);
        HttpResponse<InputStream> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/big/download"))
                        .timeout(DEADLINE)
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        long[] downloaded;
        try (InputStream in = response.body()) {
            downloaded = checksum(in);
        }
        assertThat(downloaded[0]).isEqualTo(SIZE);
        assertThat(downloaded[1]).isEqualTo(expected);
        assertThat(proxy.process().isAlive())
                .as("proxy JVM alive; log:%n%s", proxy.log())
                .isTrue();
    }
}
