package dev.switchboard.protocol.sgc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.RpcException;
import dev.switchboard.rpc.RpcAccess;
import dev.switchboard.rpc.RpcAllowList;
import dev.switchboard.spi.RpcGuard;
import dev.switchboard.spi.SubprotocolHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one RPC authorisation: the protocol's allow list answers -32601, a refusing or failing guard -32003. */
class RpcAccessDecidesCallsBeforeTheyRunTest {

    private static final SubprotocolHandler NONE = new SubprotocolHandler() {};

    @Test
    void aMethodOffTheAllowListIsRefusedLikeAMissingOneBeforeAnyGuardIsAsked() {
        List<String> asked = new ArrayList<>();
        RpcAccess access = new RpcAccess(List.of((connection, method) -> asked.add(method)));
        RpcAllowList list = new RpcAllowList(true, List.of("add", "whoami=alice"));

        Optional<RpcException> refused = access.refusal(new TestConnection(NONE, () -> "bob"), "whoami", list);

        assertThat(refused).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(RpcException.METHOD_NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo("Method not found");
            assertThat(e.data()).isNull();
        });
        assertThat(asked).isEmpty();
        assertThat(access.refusal(new TestConnection(NONE, () -> "alice"), "whoami", list))
                .isEmpty();
        assertThat(asked).containsExactly("whoami");
    }

    @Test
    void aGuardThatRefusesOrThrowsRefusesWithForbiddenAndSaysWhetherALoginWouldHelp() {
        RpcGuard adminOnly = (connection, method) -> !method.startsWith("admin.");
        RpcGuard broken = (connection, method) -> {
            if (method.equals("fragile")) {
                throw new IllegalStateException("guard bug");
            }
            return true;
        };
        RpcAccess access = new RpcAccess(List.of(adminOnly, broken));

        assertThat(access.refusal(new TestConnection(NONE, null), "admin.reset", RpcAllowList.ANY))
                .hasValueSatisfying(e -> {
                    assertThat(e.code()).isEqualTo(RpcException.FORBIDDEN);
                    assertThat(e.data()).isEqualTo("log in to call admin.reset");
                });
        assertThat(access.refusal(new TestConnection(NONE, () -> "bob"), "fragile", RpcAllowList.ANY))
                .hasValueSatisfying(e -> {
                    assertThat(e.code()).isEqualTo(-32003);
                    assertThat(e.data()).isEqualTo("no role to call fragile");
                });
        assertThat(access.refusal(new TestConnection(NONE, () -> "bob"), "add", RpcAllowList.ANY))
                .isEmpty();
    }
}
