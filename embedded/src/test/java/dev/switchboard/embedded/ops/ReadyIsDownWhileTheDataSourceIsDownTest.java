package dev.switchboard.embedded.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.embedded.testing.Await;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/**
 * The readiness probe checks the DataSource the stores use: with the database server stopped it is DOWN (503) and
 * names the DataSource, while liveness stays UP.
 */
class ReadyIsDownWhileTheDataSourceIsDownTest {

    @Test
    void readyTurnsDownWhenTheDatabaseServerStops() throws Exception {
        Server database =
                Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        SwitchboardServer server = SwitchboardServer.builder()
                .host("127.0.0.1")
                .port(0)
                .environmentEntry(ConfigKeys.HISTORY_STORE, "jdbc")
                .environmentEntry(
                        ConfigKeys.DATASOURCE_URL,
                        "jdbc:h2:tcp://127.0.0.1:" + database.getPort() + "/mem:ready;DB_CLOSE_DELAY=-1")
                .build();
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            server.start();
            HttpResponse<String> ready = Probes.get(client, server, "/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(Probes.check(Probes.json(ready), "datasource")).hasValueSatisfying(check -> {
                assertThat(check.getString("status")).isEqualTo("UP");
                assertThat(check.getJsonObject("data").getString("jndiName")).isNotBlank();
            });

            database.stop();

            HttpResponse<String> down = Await.value(
                    "the readiness probe to notice the database is gone",
                    () -> Probes.get(client, server, "/health/ready"),
                    response -> response.statusCode() == 503);
            JsonObject body = Probes.json(down);
            assertThat(body.getString("status")).isEqualTo("DOWN");
            assertThat(Probes.check(body, "datasource"))
                    .hasValueSatisfying(
                            check -> assertThat(check.getString("status")).isEqualTo("DOWN"));
            assertThat(Probes.check(body, "drain"))
                    .hasValueSatisfying(
                            check -> assertThat(check.getString("status")).isEqualTo("UP"));
            assertThat(Probes.get(client, server, "/health/live").statusCode()).isEqualTo(200);
        } finally {
            server.stop();
            database.stop();
        }
    }
}
