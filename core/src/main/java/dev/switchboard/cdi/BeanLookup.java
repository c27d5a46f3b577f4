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

    private static int priority(Instance.Handle<?> handle) {
        Priority priority = handle.getBean().getBeanClass().getAnnotation(Priority.class);
        return priority == null ? Integer.MAX_VALUE : priority.value();
    }
}
