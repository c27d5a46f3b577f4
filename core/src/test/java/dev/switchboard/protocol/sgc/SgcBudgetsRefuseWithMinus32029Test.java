package dev.switchboard.protocol.sgc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each per-connection budget of the sgc protocol refuses with a -32029 error object once reached, counts the
 * refusal, leaves the connection working, and frees up again when the held resource is released.
 */
class SgcBudgetsRefuseWithMinus32029Test {

    private static final SgcBudgets.Budget SMALL = new SgcBudgets.Budget(2, 400, 2, 400, 2, 400);

    private SgcHarness sgc;

    @BeforeEach
    void start() {
        sgc = SgcHarness.start();
        sgc.protocol.budgets(new SgcBudgets(SgcBudgets.DEFAULT_AUTHENTICATED, SMALL, 3, 1 << 20));
    }

    @AfterEach
    void stop() {
        sgc.close();
    }

    private static boolean isBudgetError(String frame) {
        return frame.contains("\"error\":{\"code\":-32029,\"message\":\"Budget exceeded\"");
    }

    @Test
    void openTransactionsAreBounded() {
        TestConnection client = sgc.connectQuietly();
        for (String channel : new String[] {"t1", "t2"}) {
            assertThat(sgc.send(
                            client,
                            "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@transaction\",\"params\":{\"channel\":\"" + channel
                                    + "\"}}"))
                    .isEmpty();
        }

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@transaction\",\"params\":{\"channel\":"
                                + "\"t3\"},\"id\":\"x\"}"))
                .last()
                .satisfies(frame -> assertThat(isBudgetError(frame)).isTrue());
        assertThat(client.stats().budgetRefusals()).isEqualTo(1);

        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@rollback\",\"params\":{\"channel\":\"t1\"}}");
        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@transaction\",\"params\":{\"channel\":"
                                + "\"t3\"},\"id\":\"y\"}"))
                .noneMatch(SgcBudgetsRefuseWithMinus32029Test::isBudgetError);
    }

    @Test
    void bytesHeldInTransactionsAreBounded() {
        TestConnection client = sgc.connectQuietly();
        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@transaction\",\"params\":{\"channel\":\"t\"}}");
        // Counted as the whole frame, two bytes a character: one such frame fits in 400 bytes, two do not.
        String big = "x".repeat(50);

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"t\","
                                + "\"message\":\"" + big + "\"},\"id\":\"1\"}"))
                .noneMatch(SgcBudgetsRefuseWithMinus32029Test::isBudgetError);
        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"t\","
                                + "\"message\":\"" + big + "\"},\"id\":\"2\"}"))
                .anyMatch(SgcBudgetsRefuseWithMinus32029Test::isBudgetError);
    }

    @Test
    void waitingQos2MessagesAreBoundedAndReleaseFreesTheBudget() {
        TestConnection client = sgc.connectQuietly();
        for (String id : new String[] {"q1", "q2"}) {
            assertThat(sgc.send(client, qos2(id))).singleElement().asString().contains("sgc@pubrec");
        }

        assertThat(sgc.send(client, qos2("q3")))
                .singleElement()
                .satisfies(frame -> assertThat(isBudgetError(frame)).isTrue());
        // A retry of a waiting id replaces it and is not a new message.
        assertThat(sgc.send(client, qos2("q1"))).singleElement().asString().contains("sgc@pubrec");

        sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@pubrel\",\"id\":\"q1\"}");
        assertThat(sgc.send(client, qos2("q3"))).singleElement().asString().contains("sgc@pubrec");
    }

    private static String qos2(String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@message\",\"params\":{\"message\":\"m\",\"qos\":\"qosLevel2\"},"
                + "\"id\":\"" + id + "\"}";
    }

    @Test
    void queuesAConnectionCreatesAreBoundedAndTheServerEvictsTheOldestBeyondItsBound() {
        TestConnection client = sgc.connectQuietly();
        TestConnection other = sgc.connectQuietly();
        assertThat(sgc.send(client, queued("a", "1"))).noneMatch(SgcBudgetsRefuseWithMinus32029Test::isBudgetError);
        assertThat(sgc.send(client, queued("b", "2"))).noneMatch(SgcBudgetsRefuseWithMinus32029Test::isBudgetError);

        assertThat(sgc.send(client, queued("c", "3"))).anyMatch(SgcBudgetsRefuseWithMinus32029Test::isBudgetError);
        assertThat(sgc.protocol.queueChannelCount()).isEqualTo(2);

        // Another connection has its own budget; the server-wide bound of 3 queues evicts the oldest, "a".
        sgc.send(other, queued("c", "4"));
        sgc.send(other, queued("d", "5"));
        assertThat(sgc.protocol.queueChannelCount()).isEqualTo(3);
        TestConnection late = sgc.connectQuietly();
        assertThat(sgc.send(late, "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"a\"}}"))
                .noneMatch(frame -> frame.contains("sgc@event"));
        // The evicted queue no longer counts against its creator.
        assertThat(sgc.send(client, queued("e", "6"))).noneMatch(SgcBudgetsRefuseWithMinus32029Test::isBudgetError);
    }

    private static String queued(String channel, String id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + channel
                + "\",\"message\":\"m\",\"queue\":\"queueLevel2\"},\"id\":\"" + id + "\"}";
    }

    @Test
    void anAnonymousConnectionMayHoldOnlyItsSubscriptionBudget() {
        TestConnection client = sgc.connectQuietly();
        int budget = sgc.hub.budgets().anonymousSubscriptions();
        for (int i = 0; i < budget; i++) {
            sgc.send(
                    client,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"c" + i + "\"}}");
        }
        long before = sgc.hub.budgetRefusals();

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":"
                                + "\"one-more\"},\"id\":\"s\"}"))
                .anyMatch(SgcBudgetsRefuseWithMinus32029Test::isBudgetError);
        assertThat(sgc.hub.subscriptions(client)).hasSize(budget).doesNotContain("one-more");
        assertThat(sgc.hub.budgetRefusals()).isEqualTo(before + 1);
        // Subscribing again to a channel it holds is no new subscription.
        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":"
                                + "\"c0\"},\"id\":\"t\"}"))
                .noneMatch(SgcBudgetsRefuseWithMinus32029Test::isBudgetError);
    }

    @Test
    void aChannelOverTheLimitsIsAnInvalidParamsError() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + "x".repeat(300)
                                + "\"},\"id\":\"l\"}"))
                .last()
                .asString()
                .contains("\"code\":-32602")
                .contains("longer than 256");
        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"" + "a*".repeat(17)
                                + "\"},\"id\":\"w\"}"))
                .last()
                .asString()
                .contains("more than 16 wildcards");
        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@publish\",\"params\":{\"channel\":\"" + "c,".repeat(65)
                                + "\",\"message\":\"m\"},\"id\":\"p\"}"))
                .last()
                .asString()
                .contains("more than 64 names");
    }
}
