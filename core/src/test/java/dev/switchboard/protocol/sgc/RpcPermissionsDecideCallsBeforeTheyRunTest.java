package dev.switchboard.protocol.sgc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.RpcException;
import dev.switchboard.auth.AuthSettings;
import dev.switchboard.auth.RpcPermissions;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.rpc.RpcAllowList;
import dev.switchboard.spi.RpcGuard;
import dev.switchboard.spi.SubprotocolHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The one RPC authorisation: the protocol's allow list answers -32601; the role rules and a refusing or failing
 * guard answer -32003.
 */
class RpcPermissionsDecideCallsBeforeTheyRunTest {

    private static final SubprotocolHandler NONE = new SubprotocolHandler() {};
    private static final AuthSettings SETTINGS = AuthSettings.read(new ConfigReader(List.of()));
    private static final AuthSettings ADMIN_RULES = AuthSettings.read(new ConfigReader(List.of(
            ConfigReader.environment(Map.of(ConfigReader.environmentName(ConfigKeys.AUTH_RPC), "admin.*=admin")))));

    @Test
    void aMethodOffTheAllowListIsRefusedLikeAMissingOneBeforeAnyGuardIsAsked() {
        List<String> asked = new ArrayList<>();
        RpcPermissions permissions = new RpcPermissions(SETTINGS, List.of((connection, method) -> asked.add(method)));
        RpcAllowList list = new RpcAllowList(true, List.of("add", "whoami=alice"));

        Optional<RpcException> refused = permissions.refusal(new TestConnection(NONE, () -> "bob"), "whoami", list);

        assertThat(refused).hasValueSatisfying(e -> {
            assertThat(e.code()).isEqualTo(RpcException.METHOD_NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo("Method not found");
            assertThat(e.data()).isNull();
        });
        assertThat(asked).isEmpty();
        assertThat(permissions.refusal(new TestConnection(NONE, () -> "alice"), "whoami", list))
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
        RpcPermissions permissions = new RpcPermissions(SETTINGS, List.of(adminOnly, broken));

        assertThat(permissions.refusal(new TestConnection(NONE, null), "admin.reset", RpcAllowList.ANY))
                .hasValueSatisfying(e -> {
                    assertThat(e.code()).isEqualTo(RpcException.FORBIDDEN);
                    assertThat(e.data()).isEqualTo("log in to call admin.reset");
                });
        assertThat(permissions.refusal(new TestConnection(NONE, () -> "bob"), "fragile", RpcAllowList.ANY))
                .hasValueSatisfying(e -> {
                    assertThat(e.code()).isEqualTo(-32003);
                    assertThat(e.data()).isEqualTo("no role to call fragile");
                });
        assertThat(permissions.refusal(new TestConnection(NONE, () -> "bob"), "add", RpcAllowList.ANY))
                .isEmpty();
    }

    @Test
    void theRoleRulesRefuseWithForbiddenBeforeTheGuardsAreAsked() {
        List<String> asked = new ArrayList<>();
        RpcPermissions permissions =
                new RpcPermissions(ADMIN_RULES, List.of((connection, method) -> asked.add(method)));

        assertThat(permissions.refusal(new TestConnection(NONE, () -> "bob"), "admin.reset", RpcAllowList.ANY))
                .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(RpcException.FORBIDDEN));
        assertThat(asked).isEmpty();
        assertThat(permissions.refusal(new TestConnection(NONE, () -> "bob"), "add", RpcAllowList.ANY))
                .isEmpty();
        assertThat(asked).containsExactly("add");
    }
}
