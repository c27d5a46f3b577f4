package dev.switchboard.embedded.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Stopping the server ends what forwarding started: the HTTP client's selector thread, the health checks, and
 * every open TCP bridge (its upstream connection is closed, which only happens once the bridge's pump has let go).
 */
class StoppingTheServerEndsEveryForwardingThreadTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private static Set<Thread> forwardingThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread))
                .filter(thread -> thread.getName().startsWith("HttpClient-")
                        || thread.getName().startsWith("switchboard-forward"))
                .collect(Collectors.toSet());
    }

    @Test
    void theClientTheHealthChecksAndTheBridgesEndWithTheServer() throws Exception {
        BlockingQueue<Socket> bridged = new LinkedBlockingQueue<>();
        HttpServer health = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        health.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        health.start();
        try (ServerSocket tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!tcp.isClosed()) {
                    try {
                        Socket socket = tcp.accept();
                        bridged.add(socket);
                        socket.getOutputStream().write('!');
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            // The test's own client runs its tasks on virtual threads, so that only forwarding's platform threads
            // are counted here.
            ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor();
            HttpClient client = HttpClient.newBuilder().executor(tasks).build();
            Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
            SwitchboardServer server = SwitchboardServer.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .environmentEntry(
                            ConfigKeys.FORWARD_ROUTES,
                            "/line/=tcp://127.0.0.1:" + tcp.getLocalPort() + ";/checked/=http://127.0.0.1:"
                                    + health.getAddress().getPort() + "/ health=/up health-interval=100ms")
                    .build();
            server.start();
            try {
                // An exchange makes the forwarding client start its selector thread.
                HttpResponse<String> answer = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/checked/x"))
                                .timeout(DEADLINE)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(204);
                CompletableFuture<ByteBuffer> first = new CompletableFuture<>();
                WebSocket socket = client.newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/line"), new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                                first.complete(data);
                                return null;
                            }
                        })
                        .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertThat(first.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).get())
                        .isEqualTo((byte) '!');
                assertThat(forwardingThreads(before))
                        .as("forwarding threads while running")
                        .isNotEmpty();
                assertThat(socket.isInputClosed()).isFalse();
            } finally {
                server.stop();
            }

            Socket upstreamSide = bridged.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(upstreamSide).isNotNull();
            upstreamSide.setSoTimeout((int) DEADLINE.toMillis());
            try (upstreamSide;
                    InputStream in = upstreamSide.getInputStream();
                    OutputStream ignored = upstreamSide.getOutputStream()) {
                assertThat(in.read())
                        .as("the bridge closed its upstream connection")
                        .isEqualTo(-1);
            }
            Await.until(
                    "every forwarding thread to end",
                    DEADLINE,
                    () -> forwardingThreads(before).isEmpty());
            assertThat(forwardingThreads(before))
                    .as("forwarding threads after stop")
                    .extracting(Thread::getName)
                    .isEqualTo(List.of());
            client.shutdownNow();
            tasks.shutdownNow();
        } finally {
            health.stop(0);
        }
    }
}
