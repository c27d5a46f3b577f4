package dev.switchboard.auth;

import dev.switchboard.api.Connection;
import dev.switchboard.auth.internal.RoleRules;
import dev.switchboard.spi.RpcGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * RPC method permissions by role, from {@code switchboard.auth.rpc} (sgc's per-server {@code Methods} list,
 * generalised from user names to roles and patterns). Refusals are logged.
 */
@ApplicationScoped
public class RpcPermissions implements RpcGuard {

    private static final System.Logger LOG = System.getLogger(RpcPermissions.class.getName());

    private RoleRules rules;

    @Inject
    void init(Authentication authentication) {
        rules = authentication.settings().rpc();
    }

    @Override
    public boolean mayCall(Connection connection, String method) {
        Optional<RoleRules.Rule> refused = rules.refusal(connection, method, false);
        refused.ifPresent(
                rule -> LOG.log(System.Logger.Level.INFO, RoleRules.refusalLog(connection, "call " + method, rule)));
        return refused.isEmpty();
    }
}
