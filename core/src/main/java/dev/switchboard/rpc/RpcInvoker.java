package dev.switchboard.rpc;

import dev.switchboard.api.Connection;
import dev.switchboard.api.RpcException;
import dev.switchboard.log.LogSafe;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls the application's {@link dev.switchboard.api.RpcMethod @RpcMethod} methods: the active half protocols
 * use once they have decoded a call.
 *
 * <p>A call happens in two steps so a protocol can try several readings of loosely typed params without running
 * the method twice: {@link #bind} maps the params with JSON-B (first candidate that maps wins) and
 * {@link #invoke} runs the method and maps its result. Both are thread-safe; the method runs on the calling
 * thread.
 *
 * <p>Errors are {@link RpcException}s with JSON-RPC codes: -32601 for an unknown name, -32602 for params that do
 * not map, the method's own {@code RpcException} as thrown, and -32603 without details for anything else (the
 * cause is logged, never sent, because it may reveal internals).
 *
 * <p><b>Asynchronous methods.</b> A method may return a {@link CompletionStage}; {@link #call} then returns at once,
 * leaving the connection's inbound thread free, and hands the result or error to the protocol when the stage
 * completes, on the thread that completes it. A connection may hold at most {@code switchboard.rpc.max-pending}
 * (default {@value #DEFAULT_MAX_PENDING}) such calls; a call beyond it is refused with -32029 before the method runs.
 * When the connection closes, the protocol calls {@link #cancelPending}, which cancels every pending stage; a stage
 * that completes after its connection closed is never answered.
 */
@ApplicationScoped
public class RpcInvoker {

    private static final System.Logger LOG = System.getLogger(RpcInvoker.class.getName());

    /** A call whose arguments are mapped and which is ready to run. */
    public static final class BoundCall {
        private final RpcTarget target;
        private final Object[] arguments;

        private BoundCall(RpcTarget target, Object[] arguments) {
            this.target = target;
            this.arguments = arguments;
        }

        /**
         * The method this call runs.
         *
         * @return the target
         */
        public RpcTarget target() {
            return target;
        }
    }

    /** The default of {@code switchboard.rpc.max-pending}. */
    public static final int DEFAULT_MAX_PENDING = 16;

    /**
     * Receives the outcome of a {@link #call}: exactly one of the two methods is called once, on the calling thread
     * for a plain method, on the completing thread for an asynchronous one, and never after the caller closed.
     */
    public interface Reply {
        /**
         * The method's result.
         *
         * @param json the result as JSON text ({@code null} for a void method or a null result)
         */
        void result(String json);

        /**
         * The method's failure, as the invoker maps it.
         *
         * @param error the JSON-RPC error
         */
        void error(RpcException error);
    }

    private RpcMethods methods;
    private BeanManager beanManager;
    private Jsonb jsonb;
    private int maxPending = DEFAULT_MAX_PENDING;

    /** The pending asynchronous calls, by connection id; an entry disappears with its last call. */
    private final ConcurrentHashMap<String, Set<CompletableFuture<?>>> pending = new ConcurrentHashMap<>();

    /** Optional: a deployment without Switchboard's configuration producer keeps the documented default. */
    @Inject
    jakarta.enterprise.inject.Instance<RpcSettings> settings;

    /** For the container's client proxy. */
    protected RpcInvoker() {}

    /**
     * Creates the registry.
     *
     * @param methods     the deployment's methods
     * @param beanManager the container
     */
    @Inject
    public RpcInvoker(RpcMethods methods, BeanManager beanManager) {
        this.methods = methods;
        this.beanManager = beanManager;
    }

    @PostConstruct
    void open() {
        jsonb = JsonbBuilder.create();
        if (settings != null && settings.isResolvable()) {
            maxPending = settings.get().maxPending();
        }
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing JSON-B failed", e);
        }
    }

    /**
     * Tells whether a method of that name exists.
     *
     * @param name the called name
     * @return true when some bean declares it
     */
    public boolean contains(String name) {
        return methods.find(name).isPresent();
    }

    /**
     * The names clients can call.
     *
     * @return the names
     */
    public Set<String> names() {
        return methods.names();
    }

    /**
     * Maps a call's params to the method's arguments.
     *
     * @param name       the called name
     * @param caller     the calling connection, passed to a {@link Connection} parameter
     * @param candidates readings of the params, most likely first; a null element means "no params"
     * @return the bound call
     * @throws RpcException -32601 when the name is unknown, -32602 when no candidate maps
     */
    public BoundCall bind(String name, Connection caller, List<JsonValue> candidates) {
        RpcTarget target = methods.find(name)
                .orElseThrow(() -> new RpcException(RpcException.METHOD_NOT_FOUND, "Method not found"));
        Object[] arguments = new Object[target.method().getParameterCount()];
        if (target.connectionIndex() >= 0) {
            arguments[target.connectionIndex()] = caller;
        }
        if (target.payloadIndex() < 0) {
            // No params parameter: whatever the client sent is ignored, as a JSON-RPC server may.
            return new BoundCall(target, arguments);
        }
        Type type = target.payloadType();
        boolean primitive = type instanceof Class<?> c && c.isPrimitive();
        for (JsonValue candidate : candidates) {
            try {
                Object value = candidate == null || candidate.getValueType() == JsonValue.ValueType.NULL
                        ? null
                        : jsonb.fromJson(candidate.toString(), type);
                if (value == null && primitive) {
                    continue;
                }
                arguments[target.payloadIndex()] = value;
                return new BoundCall(target, arguments);
            } catch (RuntimeException e) {
                // JSON-B reports most mapping failures as JsonbException, but providers also throw others
                // (number formats, record constructors); every one of them means these params do not fit.
                LOG.log(System.Logger.Level.DEBUG, "Params of " + LogSafe.of(name) + " do not map to " + type, e);
            }
        }
        throw new RpcException(
                RpcException.INVALID_PARAMS,
                "Invalid params",
                "params do not map to " + target.payloadType().getTypeName());
    }

    /**
     * Runs a bound call and waits for its result; an asynchronous method's stage is awaited on the calling thread.
     * Protocols use {@link #call} instead, which does not wait.
     *
     * @param call the call
     * @return the result as JSON text ({@code null} for a void method)
     * @throws RpcException the method's own, or -32603 for any other failure
     */
    public String invoke(BoundCall call) {
        Object result = run(call.target, call.arguments);
        if (result instanceof CompletionStage<?> stage) {
            try {
                result = stage.toCompletableFuture().join();
            } catch (CompletionException | CancellationException e) {
                throw failure(call.target, e);
            }
        }
        return toJson(call.target, result);
    }

    /**
     * Runs a bound call for a connection and hands the outcome to {@code reply}: at once for a plain method; when
     * the stage completes for a method that returned a {@link CompletionStage}, without waiting for it here. Such a
     * call counts against the caller's pending budget until it completes or the caller closes.
     *
     * @param call   the call
     * @param caller the calling connection
     * @param reply  receives the result or error once, and nothing once the caller has closed
     */
    public void call(BoundCall call, Connection caller, Reply reply) {
        RpcTarget target = call.target;
        boolean asynchronous =
                CompletionStage.class.isAssignableFrom(target.method().getReturnType());
        if (asynchronous && pendingCount(caller) >= maxPending) {
            reply.error(new RpcException(
                    RpcException.BUDGET_EXCEEDED,
                    "Budget exceeded",
                    "a connection may have " + maxPending + " asynchronous calls pending"));
            return;
        }
        Object result;
        try {
            result = run(target, call.arguments);
        } catch (RpcException e) {
            reply.error(e);
            return;
        }
        if (!(result instanceof CompletionStage<?> stage)) {
            answer(target, result, reply);
            return;
        }
        CompletableFuture<?> future = stage.toCompletableFuture();
        pending.compute(caller.id(), (id, set) -> {
            Set<CompletableFuture<?>> calls = set != null ? set : ConcurrentHashMap.newKeySet();
            calls.add(future);
            return calls;
        });
        if (!caller.isOpen()) {
            // Closed while the method ran: cancelPending may have come and gone before the stage was recorded.
            forget(caller.id(), future);
            future.cancel(true);
            return;
        }
        future.whenComplete((value, error) -> {
            forget(caller.id(), future);
            if (!caller.isOpen()) {
                // Never answer on a closed connection; a cancelled call of a closing one ends here too.
                return;
            }
            if (error != null) {
                reply.error(failure(target, error));
            } else {
                answer(target, value, reply);
            }
        });
    }

    /**
     * Cancels every pending asynchronous call of a connection ({@link CompletableFuture#cancel}); protocols call it
     * when the connection closes. Nothing is sent for a cancelled call.
     *
     * @param connection the closed connection
     * @return the number of stages cancelled
     */
    public int cancelPending(Connection connection) {
        Set<CompletableFuture<?>> calls = pending.remove(connection.id());
        if (calls == null) {
            return 0;
        }
        int cancelled = 0;
        for (CompletableFuture<?> call : calls) {
            if (call.cancel(true)) {
                cancelled++;
            }
        }
        return cancelled;
    }

    /**
     * The asynchronous calls of a connection that have not completed yet.
     *
     * @param connection the connection
     * @return the count
     */
    public int pendingCount(Connection connection) {
        Set<CompletableFuture<?>> calls = pending.get(connection.id());
        return calls == null ? 0 : calls.size();
    }

    private void forget(String connectionId, CompletableFuture<?> future) {
        pending.computeIfPresent(connectionId, (id, calls) -> {
            calls.remove(future);
            return calls.isEmpty() ? null : calls;
        });
    }

    private void answer(RpcTarget target, Object value, Reply reply) {
        String json;
        try {
            json = toJson(target, value);
        } catch (RpcException e) {
            reply.error(e);
            return;
        }
        reply.result(json);
    }

    /** Maps a failed stage to the error the client sees: the method's RpcException, or -32603. */
    private static RpcException failure(RpcTarget target, Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RpcException rpc) {
            return rpc;
        }
        LOG.log(System.Logger.Level.WARNING, "RPC method " + target.describe() + " failed", cause);
        return internalError();
    }

    /** Runs the method; its own RpcException passes, any other failure becomes -32603. */
    private Object run(RpcTarget target, Object[] arguments) {
        try {
            return invokeOn(target.bean(), target, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RpcException rpc) {
                throw rpc;
            }
            LOG.log(System.Logger.Level.WARNING, "RPC method " + target.describe() + " failed", e.getCause());
            throw internalError();
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof RpcException rpc) {
                throw rpc;
            }
            LOG.log(System.Logger.Level.WARNING, "Calling RPC method " + target.describe() + " failed", e);
            throw internalError();
        }
    }

    private String toJson(RpcTarget target, Object result) {
        if (target.method().getReturnType() == void.class || result == null) {
            return "null";
        }
        try {
            return jsonb.toJson(result);
        } catch (JsonbException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "The result of RPC method " + target.describe() + " cannot be mapped to JSON",
                    e);
            throw internalError();
        }
    }

    private <T> Object invokeOn(Bean<T> bean, RpcTarget target, Object[] arguments)
            throws ReflectiveOperationException {
        CreationalContext<T> context = beanManager.createCreationalContext(bean);
        try {
            Object instance = beanManager.getReference(bean, bean.getBeanClass(), context);
            return target.method().invoke(instance, arguments);
        } finally {
            // Destroys a @Dependent instance made for this call; a no-op for normal-scoped beans.
            context.release();
        }
    }

    private static RpcException internalError() {
        return new RpcException(RpcException.INTERNAL_ERROR, "Internal error");
    }
}
