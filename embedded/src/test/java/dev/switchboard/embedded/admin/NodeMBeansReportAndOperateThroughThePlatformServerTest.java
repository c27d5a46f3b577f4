package dev.switchboard.embedded.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.admin.DrainMXBean;
import dev.switchboard.admin.NodeMBeans;
import dev.switchboard.admin.NodeMXBean;
import dev.switchboard.auth.internal.PasswordHashes;
import dev.switchboard.auth.internal.UsersFile;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.TestClient;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.BasicAuth;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Node and Drain MBeans through the platform MBean server: figures, operations, and their lifetime. */
class NodeMBeansReportAndOperateThroughThePlatformServerTest {

    @TempDir
    Path dataDir;

    @Test
    void theMBeansReportTheNodeCloseConnectionsDrainAndLeaveWithTheApplication() throws Exception {
        Path users = dataDir.resolve("users");
        UsersFile.addOrUpdate(users, "bob", PasswordHashes.hash("bob-pw".toCharArray(), 1_000), List.of());
        MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
        ObjectName nodeName = NodeMBeans.name("Node", "");
        ObjectName drainName = NodeMBeans.name("Drain", "");
        assertThat(nodeName.toString()).isEqualTo("dev.switchboard:type=Node,context=\"/\"");
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dataDir)
                .environmentEntry(ConfigKeys.AUTH_USERS, users.toString())
                .build();
        server.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThat(platform.isRegistered(nodeName)).isTrue();
            assertThat(platform.isRegistered(drainName)).isTrue();
            NodeMXBean node = JMX.newMXBeanProxy(platform, nodeName, NodeMXBean.class);
            DrainMXBean drain = JMX.newMXBeanProxy(platform, drainName, DrainMXBean.class);
            assertThat(node.getNodeId()).isNotBlank();
            assertThat(node.getVersion()).isNotBlank();

            URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/");
            try (TestClient.Recorder first =
                            TestClient.connect(http, ws, BasicAuth.basic("bob", "bob-pw"), "esegece.com");
                    TestClient.Recorder second =
                            TestClient.connect(http, ws, BasicAuth.basic("bob", "bob-pw"), "esegece.com")) {
                Await.until("both connections are counted", () -> node.getWebSocketConnections() == 2);
                assertThat(node.getConnections()).isEqualTo(2);
                assertThat(node.getSseConnections()).isZero();
                first.send("{\"jsonrpc\":\"2.0\",\"method\":\"sgc@subscribe\",\"params\":{\"channel\":\"jmx\"},"
                        + "\"id\":\"s\"}");
                first.nextContaining("sgc@subscribe");
                assertThat(node.getChannels()).isEqualTo(1);

                assertThatThrownBy(() -> node.closeConnection("any", 999, "bad"))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThat(node.closeConnection("no-such-connection", 1000, "x"))
                        .isFalse();
                assertThat(node.closeUser("bob", 4200, "from jconsole")).isEqualTo(2);
                assertThat(first.closeCode()).isEqualTo(4200);
                assertThat(second.closeCode()).isEqualTo(4200);
                assertThat(first.closeReason.get()).isEqualTo("from jconsole");
            }

            assertThat(drain.isDraining()).isFalse();
            assertThat(drain.getStartedBy()).isNull();
            assertThat(drain.startDrain(20)).isTrue();
            assertThat(drain.isDraining()).isTrue();
            assertThat(drain.getStartedBy()).isEqualTo("jmx");
            assertThat(java.time.Duration.between(
                            java.time.Instant.parse(drain.getSince()), java.time.Instant.parse(drain.getDeadline())))
                    .hasSeconds(20);
            assertThat(drain.startDrain(20)).isFalse();
            assertThat(drain.cancelDrain()).isTrue();
            assertThat(drain.cancelDrain()).isFalse();
        } finally {
            server.stop();
        }
        assertThat(platform.isRegistered(nodeName)).as("unregistered at stop").isFalse();
        assertThat(platform.isRegistered(drainName)).isFalse();
    }
}
