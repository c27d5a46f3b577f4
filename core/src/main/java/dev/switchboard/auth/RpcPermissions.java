package dev.switchboard.auth;

import dev.switchboard.api.Connection;
import dev.switchboard.api.RpcException;
import dev.switchboard.auth.internal.RoleRules;
import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.rpc.RpcAllowList;
import dev.switchboard.spi.RpcGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * The one authorisation of RPC calls: every protocol that carries calls (sgc now, WAMP and STOMP later) asks
 * {@link #refusal} before it binds and invokes a method. Thread-safe; called on the connection's inbound thread.
 *
 * <p>Three rules, in this order:
 * <ol>
 *   <li>the calling protocol's {@link RpcAllowList} (the sgc {@code RPCAuthentication} list): a method not on an
 *       enabled list is refused with {@link RpcException#METHOD_NOT_FOUND}, so an unauthorised caller cannot tell
 *       a refused method from a missing one;</li>
 *   <li>the role rules of {@code switchboard.auth.rpc} (sgc's per-server {@code Methods} list, generalised from
 *       user names to roles and patterns): refused with {@link RpcException#FORBIDDEN}, and logged;</li>
 *   <li>the application's {@link RpcGuard} beans in {@code @Priority} order: the first that refuses, or throws,
 *       refuses with {@link RpcException#FORBIDDEN}.</li>
 * </ol>
 */
@ApplicationScoped
public class RpcPermissions {

    private static final System.Logger LOG = System.getLogger(RpcPermissions.class.getName());

    private RoleRules rules;
    private List<RpcGuard> guards;

    /** For the container's client proxy. */
    protected RpcPermissions() {}

    /**
     * Creates the permissions of the deployment.
     *
     * @param settings   the authentication settings (the {@code switchboard.auth.rpc} rules)
     * @param guardBeans the application's guards
     */
    @Inject
    public RpcPermissions(AuthSettings settings, @Any Instance<RpcGuard> guardBeans) {
        this(settings, BeanLookup.ordered(guardBeans));
    }

    /**
     * Creates permissions with explicit parts.
     *
     * @param settings the authentication settings (the {@code switchboard.auth.rpc} rules)
     * @param guards   the guards, in the order they are asked
     */
    public RpcPermissions(AuthSettings settings, List<RpcGuard> guards) {
        this.rules = settings.rpc();
        this.guards = List.copyOf(guards);
    }

    /**
     * Decides a call.
     *
     * @param caller    the calling connection, with its identity
     * @param method    the called name
     * @param allowList the calling protocol's list ({@link RpcAllowList#ANY} when it has none)
     * @return the error to answer the call with, or empty when the call may proceed
     */
    public Optional<RpcException> refusal(Connection caller, String method, RpcAllowList allowList) {
        if (!allowList.allows(method, caller.principal())) {
            return Optional.of(new RpcException(RpcException.METHOD_NOT_FOUND, "Method not found"));
        }
        Optional<RoleRules.Rule> refused = rules.refusal(caller, method, false);
        if (refused.isPresent()) {
            LOG.log(System.Logger.Level.INFO, RoleRules.refusalLog(caller, "call " + method, refused.get()));
            return Optional.of(forbidden(caller, method));
        }
        for (RpcGuard guard : guards) {
            boolean allowed;
            try {
                allowed = guard.mayCall(caller, method);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "RPC guard " + guard.getClass().getName() + " failed on connection " + caller.id(),
                        e);
                allowed = false;
            }
            if (!allowed) {
                return Optional.of(forbidden(caller, method));
            }
        }
        return Optional.empty();
    }

    private static RpcException forbidden(Connection caller, String method) {
        return new RpcException(
                RpcException.FORBIDDEN,
                "Forbidden",
                (caller.principal().isEmpty() ? "log in to call " : "no role to call ") + method);
    }
}
