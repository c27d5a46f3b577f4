package dev.switchboard.spi;

import dev.switchboard.api.Connection;

/**
 * Decides whether a connection may call an RPC method, before its parameters are even bound. Implementations are
 * CDI beans, asked after the calling protocol's allow list and the role rules of
 * {@code switchboard.auth.rpc}.
 *
 * <p>Called by {@code dev.switchboard.auth.RpcPermissions}, which every protocol asks before it invokes a method, on the
 * connection's inbound thread, once per call and per guard in {@code @Priority} order; every guard must allow. An
 * exception counts as a refusal and is logged.
 */
public interface RpcGuard {

    /**
     * Decides a call.
     *
     * @param connection the calling connection, with its identity
     * @param method     the method name as called
     * @return true to let the call proceed; false refuses it with {@link dev.switchboard.api.RpcException#FORBIDDEN}
     */
    boolean mayCall(Connection connection, String method);
}
