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

    private RpcMethods methods;
    private BeanManager beanManager;
    private Jsonb jsonb;

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
     * Runs a bound call.
     *
     * @param call the call
     * @return the result as JSON text ({@code null} for a void method)
     * @throws RpcException the method's own, or -32603 for any other failure
     */
    public String invoke(BoundCall call) {
        RpcTarget target = call.target;
        Object result;
        try {
            result = invokeOn(target.bean(), target, call.arguments);
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
