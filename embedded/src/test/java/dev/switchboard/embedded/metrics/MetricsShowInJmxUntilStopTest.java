package dev.switchboard.embedded.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Every meter is an attribute of {@code dev.switchboard:type=Metrics,context="/"} in the platform MBean server,
 * readable while the server runs; the MBean is gone after the stop.
 */
class MetricsShowInJmxUntilStopTest {

    private static final String OPEN_WEBSOCKETS =
            "switchboard.connections{subprotocol=esegece.com,transport=websocket}";

    @Test
    void attributesFollowTheMetersAndTheMBeanLeavesWithTheServer() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.switchboard:type=Metrics,context=" + ObjectName.quote("/"));
        try (RunningNode node = RunningNode.start()) {
            assertThat(mbeans.isRegistered(name)).isTrue();
            try (TestClient.Recorder socket =
                    TestClient.connect(node.client(), node.ws("/"), Map.of(), "esegece.com")) {
                socket.nextContaining("sgc@session");
                Await.until(
                        "the open WebSocket in JMX",
                        () -> Arrays.stream(mbeans.getMBeanInfo(name).getAttributes())
                                        .map(MBeanAttributeInfo::getName)
                                        .anyMatch(OPEN_WEBSOCKETS::equals)
                                && ((Double) mbeans.getAttribute(name, OPEN_WEBSOCKETS)) == 1.0);
            }
            assertThat((Double) mbeans.getAttribute(name, "switchboard.outbound.queued"))
                    .isEqualTo(0.0);
            assertThat((Double) mbeans.getAttribute(name, "switchboard.publish.to.enqueue:count"))
                    .isGreaterThanOrEqualTo(0.0);
            assertThat(Arrays.stream(mbeans.getMBeanInfo(name).getAttributes()).map(MBeanAttributeInfo::getName))
                    .anyMatch(attribute -> attribute.startsWith("jvm.memory.used{"));
        }
        assertThat(mbeans.isRegistered(name)).isFalse();
    }
}
