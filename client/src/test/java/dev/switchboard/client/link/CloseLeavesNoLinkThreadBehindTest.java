package dev.switchboard.client.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.Await;
import dev.switchboard.client.testing.RecordingListener;
import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CloseLeavesNoLinkThreadBehindTest {

    static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    /** Live platform threads started since {@code before} whose name starts with {@code prefix}. */
    private static List<String> newThreads(Set<Thread> before, String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> !before.contains(thread))
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .sorted()
                .toList();
    }

    @Test
    void closingAnOpenLinkEndsEveryThreadItStarted() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        RecordingListener listener = new RecordingListener();
        LinkOptions options = LinkOptions.builder(TestServers.ws(server))
                .subprotocols(TestServers.SGC)
                .name("leak-check")
                .build();
        Link link = Links.open(options, listener);
        listener.awaitOpened(1);
        link.send(TestServers.subscribe("threads", "t1"));
        listener.awaitText("an answer", text -> text.contains("\"id\":\"t1\""));
        assertThat(newThreads(before, "leak-check")).isNotEmpty();

        link.close();

        Await.until(
                "no leak-check thread alive: " + newThreads(before, "leak-check"),
                Duration.ofSeconds(10),
                () -> newThreads(before, "leak-check").isEmpty());
    }

    @Test
    void aLinkThatGaveUpEndsItsThreadsToo() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        RecordingListener listener = new RecordingListener();
        int unused;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        LinkOptions options = LinkOptions.builder(TestServers.ws(unused))
                .name("give-up-check")
                .backoff(Duration.ofMillis(5), Duration.ofMillis(10))
                .maxAttempts(2)
                .build();
        Link link = Links.open(options, listener);
        assertThat(listener.awaitClosed(2).retrying()).isFalse();

        Await.until(
                "no give-up-check thread alive: " + newThreads(before, "give-up-check"),
                Duration.ofSeconds(10),
                () -> newThreads(before, "give-up-check").isEmpty());
        link.close();
    }

    @Test
    void listenerCallsRunOnTheCallersExecutorWhichTheLinkDoesNotShutDown() {
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "callers-executor"));
        try {
            AtomicReference<String> thread = new AtomicReference<>();
            RecordingListener listener = new RecordingListener()
                    .onOpened(session -> thread.set(Thread.currentThread().getName()));
            LinkOptions options = LinkOptions.builder(TestServers.ws(server))
                    .subprotocols(TestServers.SGC)
                    .executor(executor)
                    .build();
            try (Link link = Links.open(options, listener)) {
                listener.awaitOpened(1);
            }
            assertThat(thread).hasValue("callers-executor");
            assertThat(executor.isShutdown()).isFalse();
        } finally {
            executor.shutdownNow();
        }
    }
}
