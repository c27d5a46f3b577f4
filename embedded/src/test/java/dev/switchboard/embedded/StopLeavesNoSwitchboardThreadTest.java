package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.sse.SseClient;
import dev.switchboard.embedded.testing.NewThreads;
import dev.switchboard.schedule.ManagedScheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import javax.naming.InitialContext;
import org.junit.jupiter.api.Test;

/**
 * The embedded server's one scheduled executor runs Switchboard's timed work (the demo clock among it) and, with
 * every other thread the server started, is gone once {@link SwitchboardServer#stop()} has returned.
 */
class StopLeavesNoSwitchboardThreadTest {

    /** JVM-wide threads that any library (or the JDK HTTP client of this test) may start once and keep. */
    private static final List<String> JVM_WIDE = List.of(
            "ForkJoinPool.commonPool-worker-",
            "ForkJoinPool-",
            "Common-Cleaner",
            "process reaper",
            "Attach Listener",
            "InnocuousThread-",
            "Java2D Disposer",
            "VirtualThread-unblocker");

    @Test
    void timedWorkRunsOnTheSharedSchedulerAndEveryServerThreadEndsWithTheStop() throws Exception {
        NewThreads threads = NewThreads.since(JVM_WIDE);
        SwitchboardServer server = TestClient.startServer();
        ScheduledExecutorService shared =
                (ScheduledExecutorService) new InitialContext().lookup(ManagedScheduler.DEFAULT_JNDI_NAME);
        try (HttpClient client = HttpClient.newHttpClient();
                SseClient clock = SseClient.open(
                        client, URI.create("http://127.0.0.1:" + server.port() + "/sse/$clock"), Map.of());
                TestClient.Recorder socket = TestClient.connect(client, TestClient.ws(server), "esegece.com")) {
            assertThat(clock.next("message").data()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
            assertThat(socket.isOpen()).isTrue();
            List<String> schedulerThreads = liveThreadNames().stream()
                    .filter(name -> name.startsWith("switchboard-scheduler-"))
                    .toList();
            // Core's scheduler bean uses the bound executor rather than a fallback of its own, whose threads would
            // repeat these names.
            assertThat(schedulerThreads).isNotEmpty().doesNotHaveDuplicates();
            assertThat(liveThreadNames()).noneMatch(name -> name.startsWith("switchboard-demo-"));
        } finally {
            server.stop();
        }
        assertThat(shared.isTerminated()).isTrue();

        threads.awaitAllEnded("the server");
    }

    private static List<String> liveThreadNames() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .toList();
    }
}
