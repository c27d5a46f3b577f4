package dev.switchboard.cdi;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Looks beans up for objects the servlet container creates (filters, servlets, listeners), which are
 * registered before CDI may be ready and so cannot rely on injection into them on every container.
 * Call it from {@code init}, never from a constructor.
 */
public final class BeanLookup {

    private BeanLookup() {}

    /**
     * The contextual instance of a bean type.
     *
     * @param type the bean type
     * @param <T>  the type
     * @return the instance
     * @throws IllegalStateException when no CDI container serves this application
     */
    public static <T> T get(Class<T> type) {
        try {
            return CDI.current().select(type).get();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "Switchboard needs CDI, but no CDI container serves this application"
                            + " (is a beans.xml present and CDI enabled?)",
                    e);
        }
    }

    /**
     * Every bean of a type (any qualifier), ordered by {@link Priority @Priority}, lowest first; beans without
     * it come last, in no particular order.
     *
     * @param type the bean type
     * @param <T>  the type
     * @return the instances
     */
    public static <T> List<T> ordered(Class<T> type) {
        return ordered(CDI.current().select(type, Any.Literal.INSTANCE));
    }

    /**
     * The instances of a CDI {@link Instance}, ordered by {@link Priority @Priority}, lowest first.
     *
     * @param instances the instances
     * @param <T>       the type
     * @return the instances
     */
    public static <T> List<T> ordered(Instance<T> instances) {
        List<Instance.Handle<T>> handles = new ArrayList<>();
        instances.handles().forEach(handles::add);
        handles.sort(Comparator.comparingInt(BeanLookup::priority));
        List<T> result = new ArrayList<>(handles.size());
        for (Instance.Handle<T> handle : handles) {
            result.add(handle.get());
        }
        return List.copyOf(result);
    }

    /** The interface Weld's client proxies implement; looked up by name, so core needs no Weld API at compile time. */
    private static final String WELD_CLIENT_PROXY = "org.jboss.weld.proxy.WeldClientProxy";

    /**
     * The object behind an application-scoped bean's client proxy, for a reference used on every message. A call
     * through Weld's client proxy looks the instance up in its context and keeps a thread-local stack; on a virtual
     * thread, which every message may get anew, that stack is made again each time. The application-scoped instance
     * lives as long as the application, and its interceptors and decorators still apply: Weld builds them into the
     * instance's class. A bean of another scope, a proxy of another CDI implementation or a plain object is returned
     * as it is.
     *
     * <p>Call it once the application has started (at the first connection, say), not while beans are being created:
     * it creates the instance when the context does not hold it yet.
     *
     * @param object a bean reference
     * @param <T>    its type
     * @return the instance behind it, or {@code object}
     */
    @SuppressWarnings("unchecked")
    public static <T> T unproxied(T object) {
        if (object == null) {
            return null;
        }
        Class<?> proxyType = weldClientProxy(object.getClass());
        if (proxyType == null) {
            return object;
        }
        try {
            java.lang.reflect.Method getMetadata = proxyType.getMethod("getMetadata");
            Object metadata = getMetadata.invoke(object);
            Class<?> metadataType = getMetadata.getReturnType();
            Object bean = metadataType.getMethod("getBean").invoke(metadata);
            if (!(bean instanceof jakarta.enterprise.inject.spi.Bean<?> resolved)
                    || resolved.getScope() != jakarta.enterprise.context.ApplicationScoped.class) {
                return object;
            }
            Object instance = metadataType.getMethod("getContextualInstance").invoke(metadata);
            return instance == null ? object : (T) instance;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Not the Weld this was written against: the proxy still works, only slower.
            return object;
        }
    }

    private static Class<?> weldClientProxy(Class<?> type) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            for (Class<?> implemented : current.getInterfaces()) {
                if (implemented.getName().equals(WELD_CLIENT_PROXY)) {
                    return implemented;
                }
            }
        }
        return null;
    }

    private static int priority(Instance.Handle<?> handle) {
        Priority priority = handle.getBean().getBeanClass().getAnnotation(Priority.class);
        return priority == null ? Integer.MAX_VALUE : priority.value();
    }
}
