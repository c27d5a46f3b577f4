package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.testing.TestServers;
import dev.switchboard.embedded.SwitchboardServer;
import jakarta.json.JsonValue;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RpcMapsResultsErrorsAndTimeoutsTest {

    /** The client's own copy of the server's result type: the client shares no class with the server. */
    public record Sum(int sum) {}

    private static SwitchboardServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(builder -> builder.beanClasses(ServerBeans.all()));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stop(server);
    }

    @Test
    void resultsAreMappedToClassesAndGenericTypes() throws Exception {
        try (SwitchboardClient client = Clients.connected(new Recorder(), TestServers.ws(server))) {
            assertThat(client.rpc("add", Map.of("a", 2, "b", 3), Sum.class).get(10, TimeUnit.SECONDS))
                    .isEqualTo(new Sum(5));
            Type listOfSums = new java.util.ArrayList<Sum>() {
                private static final long serialVersionUID = 1L;
            }.getClass().getGenericSuperclass();
            List<Sum> range = client.<List<Sum>>rpc("range", Map.of("a", 1, "b", 4), listOfSums)
                    .get(10, TimeUnit.SECONDS);
            assertThat(range).containsExactly(new Sum(1), new Sum(2), new Sum(3));
            JsonValue raw = client.rpc("add", Map.of("a", 1, "b", 1)).get(10, TimeUnit.SECONDS);
            assertThat(raw.asJsonObject().getInt("sum")).isEqualTo(2);
        }
    }

    @Test
    void errorAnswersCarryTheirCodeMessageAndData() throws Exception {
        try (SwitchboardClient client = Clients.connected(new Recorder(), TestServers.ws(server))) {
            assertThatThrownBy(() -> client.rpc("refuse", null, Void.class).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(JsonRpcException.class, e -> {
                        assertThat(e.code()).isEqualTo(-32010);
                        assertThat(e.errorMessage()).isEqualTo("Refused");
                        assertThat(e.data()).isEqualTo("not today");
                    });
            assertThatThrownBy(() -> client.rpc("nosuch", null, Void.class).get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(
                            JsonRpcException.class, e -> assertThat(e.code()).isEqualTo(-32601));
        }
    }

    @Test
    void aCallWithoutAnswerTimesOutAndTheBoundOfPendingCallsRefuses() throws Exception {
        ServerBeans.gate = new CountDownLatch(1);
        try (SwitchboardClient client =
                Clients.connected(new Recorder(), builder -> builder.maxPendingCalls(1), TestServers.ws(server))) {
            CompletableFuture<String> blocked = client.rpc("block", null, String.class, Duration.ofMillis(300));
            CompletableFuture<Sum> refused = client.rpc("add", Map.of("a", 1, "b", 2), Sum.class);
            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).hasMessageContaining("maxPendingCalls");

            assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(SwitchboardException.class)
                    .hasMessageContaining("block timed out");
            ServerBeans.gate.countDown();
            // The timed-out call no longer counts: the next one goes through.
            assertThat(client.rpc("add", Map.of("a", 1, "b", 2), Sum.class).get(10, TimeUnit.SECONDS))
                    .isEqualTo(new Sum(3));
        }
    }

    @Test
    void serverMethodNamesCannotBeTheProtocolsOwn() throws Exception {
        try (SwitchboardClient client = Clients.connected(new Recorder(), TestServers.ws(server))) {
            assertThatThrownBy(() -> client.rpc("sgc@subscribe", null)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
