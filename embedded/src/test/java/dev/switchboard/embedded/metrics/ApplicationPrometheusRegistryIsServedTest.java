package dev.switchboard.embedded.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.RunningNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.junit.jupiter.api.Test;

/**
 * An application's Prometheus registry, even produced as a plain {@code MeterRegistry} bean, is the one the endpoint
 * serves: the application's own meters and Switchboard's in one scrape.
 */
class ApplicationPrometheusRegistryIsServedTest {

    /** The application's registry, a Prometheus one behind the declared type {@code MeterRegistry}. */
    @ApplicationScoped
    public static class ApplicationRegistry {
        @Produces
        @ApplicationScoped
        MeterRegistry registry() {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Counter.builder("shop.orders").register(registry).increment(7);
            return registry;
        }
    }

    @Test
    void theScrapeHoldsTheApplicationsMetersAndSwitchboards() throws Exception {
        try (RunningNode node = RunningNode.start(builder -> builder.beanClasses(ApplicationRegistry.class))) {
            String body = node.scrape();
            assertThat(RunningNode.value(body, "shop_orders_total")).isEqualTo(7);
            assertThat(RunningNode.sample(body, "switchboard_outbound_queued_frames"))
                    .isPresent();
        }
    }
}
