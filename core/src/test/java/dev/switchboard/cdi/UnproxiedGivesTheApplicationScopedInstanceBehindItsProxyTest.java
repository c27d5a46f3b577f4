package dev.switchboard.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * References used on every message skip the client proxy of an application-scoped bean, and only of one: the instance
 * behind it is the one the proxy calls, shared by every caller, with its interceptors; other scopes keep their proxy,
 * plain objects stay.
 */
class UnproxiedGivesTheApplicationScopedInstanceBehindItsProxyTest {

    @ApplicationScoped
    static class Counter {
        private int calls;

        int call() {
            return ++calls;
        }
    }

    @InterceptorBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @interface Counted {}

    static final AtomicInteger INTERCEPTED = new AtomicInteger();

    @Counted
    @Interceptor
    @Priority(Interceptor.Priority.APPLICATION)
    static class CountingInterceptor {
        @AroundInvoke
        Object count(InvocationContext context) throws Exception {
            INTERCEPTED.incrementAndGet();
            return context.proceed();
        }
    }

    @ApplicationScoped
    @Counted
    static class Intercepted {
        String hello() {
            return "hello";
        }
    }

    @RequestScoped
    static class PerRequest {
        int value() {
            return 1;
        }
    }

    @Test
    void anApplicationScopedProxyGivesItsOneInstanceAndOtherScopesKeepTheirs() {
        try (WeldContainer weld = new Weld()
                .disableDiscovery()
                .addBeanClasses(Counter.class, PerRequest.class, Intercepted.class, CountingInterceptor.class)
                .initialize()) {
            Counter proxy = weld.select(Counter.class).get();
            Counter direct = BeanLookup.unproxied(proxy);

            assertThat(direct).isNotSameAs(proxy);
            assertThat(direct.getClass()).isEqualTo(Counter.class);
            assertThat(BeanLookup.unproxied(proxy)).isSameAs(direct);
            proxy.call();
            assertThat(direct.call())
                    .as("the proxy and the instance share one state")
                    .isEqualTo(2);

            Intercepted intercepted =
                    BeanLookup.unproxied(weld.select(Intercepted.class).get());
            int before = INTERCEPTED.get();
            assertThat(intercepted.hello()).isEqualTo("hello");
            assertThat(INTERCEPTED.get()).as("the interceptor still runs").isEqualTo(before + 1);

            PerRequest request = weld.select(PerRequest.class).get();
            assertThat(BeanLookup.unproxied(request)).isSameAs(request);
            Object plain = new Object();
            assertThat(BeanLookup.unproxied(plain)).isSameAs(plain);
        }
    }
}
