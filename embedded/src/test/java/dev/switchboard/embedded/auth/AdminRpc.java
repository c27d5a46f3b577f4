package dev.switchboard.embedded.auth;

import dev.switchboard.api.Connection;
import dev.switchboard.api.RpcMethod;
import jakarta.enterprise.context.ApplicationScoped;

/** RPC methods for the permission tests: one any user may call, one for administrators. */
@ApplicationScoped
public class AdminRpc {

    /**
     * The caller's user name.
     *
     * @param caller the calling connection
     * @return the name, or {@code anonymous}
     */
    @RpcMethod("me")
    public String me(Connection caller) {
        return caller.principal().map(p -> p.getName()).orElse("anonymous");
    }

    /**
     * Pretends to reset something only administrators may reset.
     *
     * @return {@code "reset"}
     */
    @RpcMethod("admin.reset")
    public String reset() {
        return "reset";
    }
}
