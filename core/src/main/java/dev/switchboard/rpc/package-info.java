/**
 * Remote procedures: finds the application's {@link dev.switchboard.api.RpcMethod @RpcMethod} methods at
 * deployment and calls them for any protocol that carries JSON-RPC style calls (the sgc protocol first).
 *
 * <p>{@link dev.switchboard.cdi.SwitchboardExtension} inspects every managed bean while the container starts,
 * reports every unusable method (duplicate names, static or private methods, unsupported parameter lists) in the
 * single deployment error, and registers the immutable {@link dev.switchboard.rpc.RpcMethods} as a bean.
 * {@link dev.switchboard.rpc.RpcInvoker} maps a call's parameters to the method's parameter with JSON-B, calls
 * the bean through the container (so interceptors and scopes apply), and maps the result back to JSON.
 * Before invoking, every protocol asks {@link dev.switchboard.auth.RpcPermissions}, the one authorisation of a
 * call, with its {@link dev.switchboard.rpc.RpcAllowList}. Protocols decide the wire format; this package only speaks JSON values and JSON-RPC error codes
 * ({@link dev.switchboard.api.RpcException}).
 */
package dev.switchboard.rpc;
