package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CloseLeavesNoThreadBehindTest {

    /** Threads the JDK starts once per JVM and keeps, whoever asked first. */
    private static final List<String> JVM_WIDE = List.of(
            "ForkJoinPool",
            "CompletableFutureDelayScheduler",
            "process reaper",
            "Attach Listener",
            "Common-Cleaner",
            "InnocuousThread");

    @Test
    void afterCloseEveryThreadTheClientStartedHasEnded() throws Exception {
        SwitchboardServer server = TestServers.start(builder -> builder.beanClasses(ServerBeans.all()));
        try {
            // A first client warms up what the JVM starts once (the common pool, class loading).
            try (SwitchboardClient warmup = Clients.connected(new Recorder(), TestServers.ws(server))) {
                warmup.rpc("add", Map.of("a", 1, "b", 1), RpcMapsResultsErrorsAndTimeoutsTest.Sum.class)
                        .get(10, TimeUnit.SECONDS);
            }
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            Recorder received = new Recorder();
            SwitchboardClient client = Clients.connected(received, TestServers.ws(server));
            client.subscribe("threads").get(10, TimeUnit.SECONDS);
            client.publish("threads", "t", Qos.EXACTLY_ONCE).get(10, TimeUnit.SECONDS);
            client.rpc("add", Map.of("a", 1, "b", 2), RpcMapsResultsErrorsAndTimeoutsTest.Sum.class)
                    .get(10, TimeUnit.SECONDS);
            received.awaitMessages("threads", 1);

            client.close();
            List<String> left = started(before);
            assertThat(left)
                    .as("threads started by the client and alive after close()")
                    .isEmpty();
            assertThat(client.state()).hasToString("CLOSED");
        } finally {
            TestServers.stop(server);
        }
    }

    private static List<String> started(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> !before.contains(thread))
                .map(Thread::getName)
                .filter(name -> JVM_WIDE.stream().noneMatch(name::startsWith))
                .filter(name -> !name.startsWith("qtp") && !name.startsWith("switchboard-scheduler"))
                .sorted()
                .toList();
    }
}
