package dev.switchboard.embedded;

import jakarta.enterprise.inject.spi.BeanManager;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The Weld SE container as a Jetty lifecycle bean of the server, so Jetty starts it before the web application
 * and stops it after, also when the JVM is stopped with a signal.
 */
final class WeldLifeCycle extends AbstractLifeCycle {

    private final List<Class<?>> extraBeanClasses;
    private final List<Class<?>> extraPackages;
    private volatile WeldContainer container;

    /**
     * Describes the container.
     *
     * @param extraBeanClasses classes added as beans
     * @param extraPackages    one class of each package whose classes are added as beans (not its subpackages)
     */
    WeldLifeCycle(List<Class<?>> extraBeanClasses, List<Class<?>> extraPackages) {
        this.extraBeanClasses = List.copyOf(extraBeanClasses);
        this.extraPackages = List.copyOf(extraPackages);
    }

    @Override
    protected void doStart() {
        // A fresh id per start: Weld refuses a second container with the id of one that is still registered.
        Weld weld = new Weld("switchboard-" + UUID.randomUUID())
                // Jetty owns shutdown; Weld's own hook could stop CDI while the web application still needs it.
                .skipShutdownHook();
        if (!extraBeanClasses.isEmpty()) {
            weld.addBeanClasses(extraBeanClasses.toArray(Class<?>[]::new));
        }
        if (!extraPackages.isEmpty()) {
            weld.addPackages(false, extraPackages.toArray(Class<?>[]::new));
        }
        container = weld.initialize();
    }

    @Override
    protected void doStop() {
        WeldContainer running = container;
        container = null;
        if (running != null && running.isRunning()) {
            running.shutdown();
        }
    }

    /**
     * The bean manager of the running container.
     *
     * @return the bean manager
     * @throws IllegalStateException when the container is not running
     */
    BeanManager beanManager() {
        WeldContainer running = container;
        if (running == null) {
            throw new IllegalStateException("The CDI container is not running");
        }
        return running.getBeanManager();
    }

    /**
     * Looks a bean up in the running container.
     *
     * @param type the bean type
     * @param <T>  the type
     * @return the contextual instance
     */
    <T> T select(Class<T> type) {
        WeldContainer running = container;
        if (running == null) {
            throw new IllegalStateException("The CDI container is not running");
        }
        return running.select(type).get();
    }
}
