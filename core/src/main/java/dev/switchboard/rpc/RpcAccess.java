package dev.switchboard.rpc;

import dev.switchboard.api.Connection;
import dev.switchboard.api.RpcException;
import dev.switchboard.cdi.Beans;
import dev.switchboard.spi.RpcGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a connection may call an RPC method: the one check every protocol that carries calls (sgc now,
 * WAMP and STOMP later) makes before it binds and invokes the method with {@link RpcInvoker}.
 *
 * <p>Two rules, in this order. The calling protocol's {@link RpcAllowList} (the sgc {@code RPCAuthentication}
 * list): a method not on an enabled list is refused with {@link RpcException#METHOD_NOT_FOUND}, so an unauthorised
 * caller cannot tell a refused method from a missing one. Then every {@link RpcGuard} bean in {@code @Priority}
 * order (the role rules of {@code switchboard.auth.rpc} among them): the first that refuses, or throws, refuses with
 * {@link RpcException#FORBIDDEN}. Thread-safe; called on the connection's inbound thread.
 */
@ApplicationScoped
public class RpcAccess {

    private static final System.Logger LOG = System.getLogger(RpcAccess.class.getName());

    private List<RpcGuard> guards;

    /** For the container's client proxy. */
    protected RpcAccess() {}

    /**
     * Creates the check with the deployment's guards.
     *
     * @param guards the {@link RpcGuard} beans
     */
    @Inject
    public RpcAccess(@Any Instance<RpcGuard> guards) {
        this(Beans.ordered(guards));
    }

    /**
     * Creates the check with explicit guards.
     *
     * @param guards the guards, in the order they are asked
     */
    public RpcAccess(List<RpcGuard> guards) {
        this.guards = List.copyOf(guards);
    }

    /**
     * Decides a call.
     *
     * @param caller    the calling connection
     * @param method    the called name
     * @param allowList the calling protocol's list ({@link RpcAllowList#ANY} when it has none)
     * @return the error to answer the call with, or empty when the call may proceed
     */
    public Optional<RpcException> refusal(Connection caller, String method, RpcAllowList allowList) {
        if (!allowList.allows(method, caller.principal())) {
            return Optional.of(new RpcException(RpcException.METHOD_NOT_FOUND, "Method not found"));
        }
        for (RpcGuard guard : guards) {
            boolean allowed;
            try {
                allowed = guard.mayCall(caller, method);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "RPC guard " + guard.getClass().getName() + " failed",
                        e);
                allowed = false;
            }
            if (!allowed) {
                return Optional.of(new RpcException(
                        RpcException.FORBIDDEN,
                        "Forbidden",
                        (caller.principal().isEmpty() ? "log in to call " : "no role to call ") + method));
            }
        }
        return Optional.empty();
    }
}
