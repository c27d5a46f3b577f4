package dev.switchboard.embedded.browser;

import dev.switchboard.api.RpcMethod;
import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * autobahn-js (the {@code autobahn} package) in Node against the {@code wamp.2.json} router: pub/sub with exact,
 * prefix and wildcard subscriptions shared with SSE and the gateway; RPC between Node sessions and to the
 * application's {@code @RpcMethod} beans; progressive results; cancel and call timeout; ticket authentication; the {@code wamp.2.msgpack} serialization. The
 * scenario script is {@code src/test/browser/wamp-scenarios.mjs}.
 */
class AutobahnJsScenariosTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The application procedures the scenarios call. */
    @ApplicationScoped
    public static class WampTestRpc {
        /** Two terms. */
        public static class Terms {
            /** The first term. */
            public int a;
            /** The second term. */
            public int b;
        }

        /**
         * Adds two numbers.
         *
         * @param terms the numbers
         * @return their sum
         */
        @RpcMethod("wamp.test.add")
        public int add(Terms terms) {
            return terms.a + terms.b;
        }

        /**
         * Upper-cases a text.
         *
         * @param text the text
         * @return it in capitals
         */
        @RpcMethod("wamp.test.shout")
        public String shout(String text) {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    @TempDir
    static Path dataDir;

    private static SwitchboardServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        NodeScenario.requireTools(false);
        ServerHooks.reset();
        Path users = dataDir.resolve("users");
        UsersFile.addOrUpdate(users, "alice", PasswordHashes.hash("alice-pw".toCharArray(), 1_000), List.of());
        UsersFile.addOrUpdate(users, "bob", PasswordHashes.hashBcrypt("bob-pw".toCharArray(), 4), List.of());
        server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .beanClasses(WampTestRpc.class, ServerHooks.GatewayCapture.class, ServerHooks.Gate.class)
                .build();
        server.start();
        base = NodeScenario.base(server.httpUri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void autobahnSessionsShareChannelsWithSseAndTheGatewayOverExactPrefixAndWildcardSubscriptions() throws Exception {
        NodeScenario.run(TIMEOUT, "wamp-scenarios.mjs", base, "pubsub").assertOk("pubsub");
    }

    @Test
    void autobahnSessionsCallEachOtherAndTheApplicationsRpcMethods() throws Exception {
        NodeScenario.run(TIMEOUT, "wamp-scenarios.mjs", base, "rpc").assertOk("rpc");
    }

    @Test
    void aCalleeSendsProgressiveResultsToACallerThatAsked() throws Exception {
        NodeScenario.run(TIMEOUT, "wamp-scenarios.mjs", base, "progress").assertOk("progress");
    }

    @Test
    void aCanceledOrTimedOutCallEndsWithCanceled() throws Exception {
        NodeScenario.run(TIMEOUT, "wamp-scenarios.mjs", base, "cancel").assertOk("cancel");
    }

    @Test
    void aRightTicketJoinsAndAWrongOneIsAborted() throws Exception {
        NodeScenario.run(TIMEOUT, "wamp-scenarios.mjs", base, "ticket").assertOk("ticket");
    }

    @Test
    void aRightWampCraSignatureJoinsAndAWrongOneOrAnUnknownUserIsAbortedAlike() throws Exception {
        NodeScenario.run(TIMEOUT, "wamp-scenarios.mjs", base, "wampcra").assertOk("wampcra");
    }

    @Test
    void aMsgpackSessionPublishesToAndCallsJsonSessionsAndTheApplication() throws Exception {
        NodeScenario.run(TIMEOUT, "wamp-scenarios.mjs", base, "msgpack").assertOk("msgpack");
    }
}
