package dev.switchboard.protocol.sgc;

import static dev.switchboard.protocol.sgc.SgcHarness.ack;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With RPC authorization on, only listed methods may be called, some only by named users. */
class SgcRpcAuthorizationTest {

    private static SgcHarness sgc;

    @BeforeAll
    static void start() {
        sgc = SgcHarness.start(SgcSettings.builder()
                .rpcAuthorization(true)
                .rpcAllowedMethods(List.of("add", "whoami=alice", "whoami=carol"))
                .build());
    }

    @AfterAll
    static void stop() {
        sgc.close();
    }

    private static String refused(String id) {
        return "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"},"
                + "\"qos\":\"qosLevel0\",\"id\":\"" + id + "\"}";
    }

    @Test
    void aMethodListedWithoutUserIsOpenToAnyone() {
        TestConnection anonymous = sgc.connectQuietly();

        assertThat(sgc.send(
                        anonymous,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":{\"a\":1,\"b\":2}," + "\"id\":\"1\"}"))
                .containsExactly(
                        ack("1"), "{\"jsonrpc\":\"2.0\",\"result\":{\"sum\":3},\"qos\":\"qosLevel0\",\"id\":\"1\"}");
    }

    @Test
    void aMethodListedForUsersIsOpenToThoseUsersOnly() {
        TestConnection alice = sgc.connect("alice");
        TestConnection bob = sgc.connect("bob");
        TestConnection anonymous = sgc.connect();
        alice.take();
        bob.take();
        anonymous.take();

        assertThat(sgc.send(alice, "{\"jsonrpc\":\"2.0\",\"method\":\"whoami\",\"id\":\"a\"}"))
                .containsExactly(
                        ack("a"), "{\"jsonrpc\":\"2.0\",\"result\":\"alice\",\"qos\":\"qosLevel0\",\"id\":\"a\"}");
        assertThat(sgc.send(bob, "{\"jsonrpc\":\"2.0\",\"method\":\"whoami\",\"id\":\"b\"}"))
                .containsExactly(ack("b"), refused("b"));
        assertThat(sgc.send(anonymous, "{\"jsonrpc\":\"2.0\",\"method\":\"whoami\",\"id\":\"n\"}"))
                .containsExactly(ack("n"), refused("n"));
    }

    @Test
    void anUnlistedMethodIsRefusedLikeAMissingOne() {
        TestConnection alice = sgc.connect("alice");
        alice.take();

        assertThat(sgc.send(alice, "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":\"x\",\"id\":\"e\"}"))
                .containsExactly(ack("e"), refused("e"));
    }

    @Test
    void aRefusedNotificationDoesNotRun() {
        TestConnection client = sgc.connectQuietly();
        int before = sgc.calculator().counted();

        assertThat(sgc.send(client, "{\"jsonrpc\":\"2.0\",\"method\":\"count\"}"))
                .isEmpty();
        assertThat(sgc.calculator().counted()).isEqualTo(before);
    }

    @Test
    void sgcMethodsAreNotSubjectToRpcAuthorization() {
        TestConnection client = sgc.connectQuietly();

        assertThat(sgc.send(
                        client,
                        "{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":" + "\"open\"}}"))
                .containsExactly(
                        "{\"jsonrpc\":\"2.0\",\"result\":{\"method\":\"sgc@subscribe\",\"channel\":\"open\"}}");
    }
}
