package dev.switchboard.embedded.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.metrics.SwitchboardMetrics;
import jakarta.enterprise.inject.spi.CDI;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** With {@code switchboard.metrics.enabled=false} there is no registry, no JMX view, and the endpoint says so. */
class MetricsOffRegisterNothingTest {

    @Test
    void noRegistryNoMBeanAndA404SayingWhy() throws Exception {
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.METRICS_ENABLED, "false")
                .build();
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> scrape = Scrape.get(client, server, Map.of());
            assertThat(scrape.statusCode()).isEqualTo(404);
            assertThat(scrape.body()).contains("metrics are off").contains(ConfigKeys.METRICS_ENABLED);

            assertThat(CDI.current().select(SwitchboardMetrics.class).get().registry())
                    .isEmpty();
            assertThat(ManagementFactory.getPlatformMBeanServer()
                            .queryNames(new ObjectName("dev.switchboard:type=Metrics,*"), null))
                    .isEmpty();
        } finally {
            server.stop();
        }
    }
}
