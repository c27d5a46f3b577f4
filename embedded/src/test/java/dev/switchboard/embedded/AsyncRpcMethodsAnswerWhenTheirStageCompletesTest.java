package dev.switchboard.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.RpcException;
import dev.switchboard.api.RpcMethod;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An {@code @RpcMethod} that returns a {@code CompletionStage} does not hold the connection: later calls on the same
 * connection are answered first, its result or error is sent when the stage completes (sgc JSON-RPC and WAMP
 * RESULT/ERROR alike), a connection's pending calls are bounded with a -32029 refusal that does not run the method,
 * and closing the connection cancels what is pending.
 */
class AsyncRpcMethodsAnswerWhenTheirStageCompletesTest {

    /** The stages handed out, by the tag the client sent, for the test to complete. */
    static final Map<String, CompletableFuture<String>> STAGES = new ConcurrentHashMap<>();

    static final AtomicInteger CALLS = new AtomicInteger();

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass(
            builder -> builder.beanClasses(Deferred.class).environmentEntry(ConfigKeys.RPC_MAX_PENDING, "2"));

    /** Methods whose result the test decides. */
    @ApplicationScoped
    public static class Deferred {
        @RpcMethod("deferred.later")
        public CompletionStage<String> later(String tag) {
            CALLS.incrementAndGet();
            CompletableFuture<String> stage = new CompletableFuture<>();
            STAGES.put(tag, stage);
            return stage;
        }

        @RpcMethod("deferred.now")
        public String now(String text) {
            return "now " + text;
        }
    }

    private static String call(String method, String param, int id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":\"" + param + "\",\"id\":" + id + "}";
    }

    private static CompletableFuture<String> stage(String tag) {
        Await.until("the method ran for " + tag, () -> STAGES.containsKey(tag));
        return STAGES.get(tag);
    }

    @Test
    void sgcCallsAfterAPendingOneAreAnsweredFirstAndItsResultAndErrorFollowOnCompletion() throws Exception {
        try (TestClient.Recorder sgc = TestClient.connect(node.client(), node.ws("/"), "esegece.com")) {
            sgc.send(call("deferred.later", "sgc-a", 1));
            sgc.send(call("deferred.later", "sgc-b", 2));
            sgc.send(call("deferred.now", "x", 3));
            // The connection's thread was not held by the two pending calls.
            assertThat(sgc.nextContaining("\"result\":\"now x\"")).contains("\"id\":3");

            stage("sgc-a").complete("done a");
            assertThat(sgc.nextContaining("\"result\":\"done a\"")).contains("\"id\":1");
            stage("sgc-b").completeExceptionally(new RpcException(-32050, "Not today", "try tomorrow"));
            assertThat(sgc.nextContaining("\"error\""))
                    .contains("\"id\":2")
                    .contains("-32050")
                    .contains("Not today")
                    .contains("try tomorrow");
        }
    }

    @Test
    void aCallOverThePendingBudgetIsRefusedWithoutRunningTheMethod() throws Exception {
        try (TestClient.Recorder sgc = TestClient.connect(node.client(), node.ws("/"), "esegece.com")) {
            sgc.send(call("deferred.later", "budget-1", 1));
            sgc.send(call("deferred.later", "budget-2", 2));
            stage("budget-1");
            stage("budget-2");
            int ran = CALLS.get();

            sgc.send(call("deferred.later", "budget-3", 3));
            assertThat(sgc.nextContaining("\"error\""))
                    .contains("\"id\":3")
                    .contains("-32029")
                    .contains("2 asynchronous calls pending");
            assertThat(CALLS.get()).isEqualTo(ran);
            assertThat(STAGES).doesNotContainKey("budget-3");

            // Completing one frees its place.
            stage("budget-1").complete("one");
            assertThat(sgc.nextContaining("\"result\":\"one\"")).contains("\"id\":1");
            sgc.send(call("deferred.later", "budget-4", 4));
            stage("budget-4").complete("four");
            assertThat(sgc.nextContaining("\"result\":\"four\"")).contains("\"id\":4");
        }
    }

    @Test
    void closingTheConnectionCancelsItsPendingStages() throws Exception {
        TestClient.Recorder sgc = TestClient.connect(node.client(), node.ws("/"), "esegece.com");
        sgc.send(call("deferred.later", "closing-1", 1));
        sgc.send(call("deferred.later", "closing-2", 2));
        CompletableFuture<String> first = stage("closing-1");
        CompletableFuture<String> second = stage("closing-2");

        sgc.socket.sendClose(1000, "bye").join();
        assertThat(sgc.closeCode()).isEqualTo(1000);

        Await.until("both stages cancelled", () -> first.isCancelled() && second.isCancelled());
    }

    @Test
    void theWampDealerAnswersAnAsynchronousMethodWithResultAndError() throws Exception {
        try (TestClient.Recorder wamp = TestClient.connect(node.client(), node.ws("/"), "wamp.2.json")) {
            assertThat(wamp.ask("[1,\"realm1\",{\"roles\":{\"caller\":{}}}]")).startsWith("[2,");
            wamp.send("[48,1,{},\"deferred.later\",[\"wamp-a\"]]");
            wamp.send("[48,2,{},\"deferred.later\",[\"wamp-b\"]]");
            assertThat(wamp.ask("[48,3,{},\"deferred.now\",[\"y\"]]")).isEqualTo("[50,3,{},[\"now y\"]]");

            stage("wamp-a").complete("done wamp");
            assertThat(wamp.nextContaining("[50,1,")).isEqualTo("[50,1,{},[\"done wamp\"]]");
            stage("wamp-b").completeExceptionally(new RpcException(-32050, "Not today"));
            assertThat(wamp.nextContaining("[8,48,2,")).contains("-32050").contains("Not today");
        }
    }
}
