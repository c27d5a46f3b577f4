package dev.switchboard.embedded.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.CDI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An application that provides a {@code MeterRegistry} bean gets Switchboard's meters in it; when that registry is
 * not a Prometheus one, {@code /metrics} answers 404 and says why. On stop the meters leave the application's
 * registry, which the application still owns.
 */
class ApplicationMeterRegistryIsUsedTest {

    /** The application's registry: a plain in-memory one, not Prometheus. */
    @ApplicationScoped
    public static class ApplicationRegistry {
        static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

        @Produces
        @ApplicationScoped
        MeterRegistry registry() {
            return REGISTRY;
        }
    }

    @Test
    void meterGoToTheApplicationsRegistryAndTheEndpointExplainsWhyItHasNone() throws Exception {
        try (RunningNode node = RunningNode.start(builder -> builder.beanClasses(ApplicationRegistry.class))) {
            MeterRegistry application =
                    CDI.current().select(MeterRegistry.class).get();
            try (TestClient.Recorder socket =
                    TestClient.connect(node.client(), node.ws("/"), Map.of(), "esegece.com")) {
                socket.nextContaining("sgc@session");
                Await.until(
                        "the application's registry showing the connection",
                        () -> application
                                                .find("switchboard.connections")
                                                .tags("transport", "websocket", "subprotocol", "esegece.com")
                                                .gauge()
                                        != null
                                && application
                                                .find("switchboard.connections")
                                                .tags("transport", "websocket", "subprotocol", "esegece.com")
                                                .gauge()
                                                .value()
                                        == 1);
            }
            assertThat(ApplicationRegistry.REGISTRY
                            .find("switchboard.outbound.queued")
                            .gauge())
                    .isNotNull();
            // JVM meters are the application's choice in its own registry.
            assertThat(application.find("jvm.memory.used").gauge()).isNull();

            HttpResponse<String> scrape = node.scrape(Map.of());
            assertThat(scrape.statusCode()).isEqualTo(404);
            assertThat(scrape.body())
                    .contains("not a Prometheus registry")
                    .contains(ApplicationRegistry.class.getName());
        }
        assertThat(ApplicationRegistry.REGISTRY
                        .find("switchboard.outbound.queued")
                        .gauge())
                .isNull();
        assertThat(ApplicationRegistry.REGISTRY.isClosed()).isFalse();
    }
}
