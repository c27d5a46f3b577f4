package dev.switchboard.cdi;

import jakarta.enterprise.inject.spi.CDI;

/**
 * Looks beans up for objects the servlet container creates (filters, servlets, listeners), which are
 * registered before CDI may be ready and so cannot rely on injection into them on every container.
 * Call it from {@code init}, never from a constructor.
 */
public final class Beans {

    private Beans() {
    }

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
            throw new IllegalStateException("Switchboard needs CDI, but no CDI container serves this application"
                    + " (is a beans.xml present and CDI enabled?)", e);
        }
    }
}
