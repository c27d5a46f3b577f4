package dev.switchboard.embedded.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.embedded.testing.Await;
import dev.switchboard.embedded.testing.RunningNode;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
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
        try (RunningNode node = RunningNode.start(Map.of(
                ConfigKeys.HISTORY_STORE,
                "jdbc",
                ConfigKeys.DATASOURCE_URL,
                "jdbc:h2:tcp://127.0.0.1:" + database.getPort() + "/mem:ready;DB_CLOSE_DELAY=-1"))) {
            HttpResponse<String> ready = node.get("/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(RunningNode.check(RunningNode.json(ready), "datasource")).hasValueSatisfying(check -> {
                assertThat(check.getString("status")).isEqualTo("UP");
                assertThat(check.getJsonObject("data").getString("jndiName")).isNotBlank();
            });

            database.stop();

            HttpResponse<String> down = Await.value(
                    "the readiness probe to notice the database is gone",
                    () -> node.get("/health/ready"),
                    response -> response.statusCode() == 503);
            JsonObject body = RunningNode.json(down);
            assertThat(body.getString("status")).isEqualTo("DOWN");
            assertThat(RunningNode.check(body, "datasource"))
                    .hasValueSatisfying(
                            check -> assertThat(check.getString("status")).isEqualTo("DOWN"));
            assertThat(RunningNode.check(body, "drain"))
                    .hasValueSatisfying(
                            check -> assertThat(check.getString("status")).isEqualTo("UP"));
            assertThat(node.get("/health/live").statusCode()).isEqualTo(200);
        } finally {
            database.stop();
        }
    }
}
