package dev.switchboard.auth;

import dev.switchboard.api.Connection;
import dev.switchboard.auth.internal.RoleRules;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.spi.RpcGuard;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * RPC method permissions by role, from {@code switchboard.auth.rpc} (sgc's per-server {@code Methods} list,
 * generalised from user names to roles and patterns). Refusals are logged.
 */
@ApplicationScoped
public class RpcPermissions implements RpcGuard {

    private static final System.Logger LOG = System.getLogger(RpcPermissions.class.getName());

    private RoleRules rules;

    @PostConstruct
    void init() {
        rules = RoleRules.parse(ConfigKeys.AUTH_RPC, ConfigReader.standard().getString(ConfigKeys.AUTH_RPC, ""));
    }

    @Override
    public boolean mayCall(Connection connection, String method) {
        Optional<RoleRules.Rule> refused = rules.refusal(connection, method, false);
        refused.ifPresent(rule -> LOG.log(System.Logger.Level.INFO,
                "Refused: {0} ({1}) may not call {2} (rule {3}={4})",
                connection.principal().map(p -> p.getName()).orElse("an anonymous connection"), connection.id(),
                method, rule.pattern(), String.join(",", rule.roles())));
        return refused.isEmpty();
    }
}
