package dev.switchboard.embedded;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InjectionTarget;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.util.Decorator;

/**
 * Gives every object Jetty creates for the web application (servlets, filters, listeners, WebSocket endpoints)
 * CDI injection and its {@code @PostConstruct}/{@code @PreDestroy} callbacks, as an application server would.
 *
 * <p>Jetty also passes many of its own helper objects through here, so the per-class analysis is cached and
 * classes without injection points or callbacks are returned untouched and not tracked: only objects that CDI
 * actually worked on are remembered for {@link #destroy}, which keeps the map from growing with every
 * WebSocket connection.
 */
final class CdiDecorator implements Decorator {

    private static final System.Logger LOG = System.getLogger(CdiDecorator.class.getName());

    private final WeldLifeCycle weld;
    private final Map<Class<?>, Plan<?>> plans = new ConcurrentHashMap<>();
    private final Map<Object, Tracked<?>> tracked = Collections.synchronizedMap(new IdentityHashMap<>());

    CdiDecorator(WeldLifeCycle weld) {
        this.weld = weld;
    }

    @Override
    public <T> T decorate(T object) {
        if (object == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Plan<T> plan = (Plan<T>) plans.computeIfAbsent(object.getClass(), this::plan);
        if (plan.target() == null) {
            return object;
        }
        CreationalContext<T> context = weld.beanManager().createCreationalContext(null);
        plan.target().inject(object, context);
        plan.target().postConstruct(object);
        if (plan.track()) {
            tracked.put(object, new Tracked<>(plan.target(), context));
        }
        return object;
    }

    @Override
    public void destroy(Object object) {
        Tracked<?> entry = object == null ? null : tracked.remove(object);
        if (entry != null) {
            entry.destroy(object);
        }
    }

    private <T> Plan<T> plan(Class<T> type) {
        try {
            BeanManager beanManager = weld.beanManager();
            AnnotatedType<T> annotated = beanManager.createAnnotatedType(type);
            boolean postConstruct =
                    annotated.getMethods().stream().anyMatch(m -> m.isAnnotationPresent(PostConstruct.class));
            boolean preDestroy = annotated.getMethods().stream().anyMatch(m -> m.isAnnotationPresent(PreDestroy.class));
            InjectionTarget<T> target =
                    beanManager.getInjectionTargetFactory(annotated).createInjectionTarget(null);
            boolean injects = !target.getInjectionPoints().isEmpty();
            if (!injects && !postConstruct && !preDestroy) {
                return new Plan<>(null, false);
            }
            return new Plan<>(target, injects || preDestroy);
        } catch (RuntimeException | LinkageError e) {
            // Jetty's own helpers may reference optional classes that are absent; they never need injection.
            if (type.getName().startsWith("org.eclipse.jetty.")) {
                LOG.log(System.Logger.Level.DEBUG, "Not decorating " + type.getName(), e);
                return new Plan<>(null, false);
            }
            throw e;
        }
    }

    private record Plan<T>(InjectionTarget<T> target, boolean track) {}

    private record Tracked<T>(InjectionTarget<T> target, CreationalContext<T> context) {
        void destroy(Object object) {
            T instance = cast(object);
            try {
                target.preDestroy(instance);
            } finally {
                context.release();
            }
        }

        @SuppressWarnings("unchecked")
        private static <X> X cast(Object object) {
            return (X) object;
        }
    }
}
