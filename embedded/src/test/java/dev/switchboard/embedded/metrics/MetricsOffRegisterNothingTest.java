package dev.switchboard.embedded.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.metrics.SwitchboardMetrics;
import jakarta.enterprise.inject.spi.CDI;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** With {@code switchboard.metrics.enabled=false} there is no registry, no JMX view, and the endpoint says so. */
class MetricsOffRegisterNothingTest {

    @Test
    void noRegistryNoMBeanAndA404SayingWhy() throws Exception {
        try (RunningNode node = RunningNode.start(Map.of(ConfigKeys.METRICS_ENABLED, "false"))) {
            HttpResponse<String> scrape = node.scrape(Map.of());
            assertThat(scrape.statusCode()).isEqualTo(404);
            assertThat(scrape.body()).contains("metrics are off").contains(ConfigKeys.METRICS_ENABLED);

            assertThat(CDI.current().select(SwitchboardMetrics.class).get().registry())
                    .isEmpty();
            assertThat(ManagementFactory.getPlatformMBeanServer()
                            .queryNames(new ObjectName("dev.switchboard:type=Metrics,*"), null))
                    .isEmpty();
        }
    }
}
