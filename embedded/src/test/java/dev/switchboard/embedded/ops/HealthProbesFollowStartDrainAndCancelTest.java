package dev.switchboard.embedded.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.testing.RunningNode;
import dev.switchboard.ops.Drain;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /health/live} and {@code /health/ready} in the MicroProfile Health shape, through a drain and its cancel. */
class HealthProbesFollowStartDrainAndCancelTest {

    @RegisterExtension
    static final RunningNode node = RunningNode.perClass();

    @Test
    void aStartedNodeIsLiveAndReady() throws Exception {
        HttpResponse<String> live = node.get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonObject liveBody = RunningNode.json(live);
        assertThat(liveBody.getString("status")).isEqualTo("UP");
        assertThat(RunningNode.check(liveBody, "hub")).hasValueSatisfying(hub -> {
            assertThat(hub.getString("status")).isEqualTo("UP");
            assertThat(hub.getJsonObject("data").getString("startedAt")).isNotBlank();
        });

        HttpResponse<String> ready = node.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonObject readyBody = RunningNode.json(ready);
        assertThat(readyBody.getString("status")).isEqualTo("UP");
        assertThat(RunningNode.check(readyBody, "drain")).hasValueSatisfying(drain -> {
            assertThat(drain.getString("status")).isEqualTo("UP");
            assertThat(drain.getJsonObject("data").getBoolean("draining")).isFalse();
        });
        // The embedded H2 DataSource keeps the firewall's bans by default: it is checked, and it answers.
        assertThat(RunningNode.check(readyBody, "datasource"))
                .hasValueSatisfying(
                        dataSource -> assertThat(dataSource.getString("status")).isEqualTo("UP"));
        assertThat(RunningNode.check(readyBody, "cluster"))
                .as("clustering is off")
                .isEmpty();
    }

    @Test
    void aDrainingNodeIsLiveButNotReadyUntilTheDrainIsCancelled() throws Exception {
        Drain drain = RunningNode.drain();
        assertThat(drain.start(Duration.ofMinutes(5), "test")).isPresent();

        HttpResponse<String> ready = node.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        JsonObject readyBody = RunningNode.json(ready);
        assertThat(readyBody.getString("status")).isEqualTo("DOWN");
        assertThat(RunningNode.check(readyBody, "drain")).hasValueSatisfying(check -> {
            assertThat(check.getString("status")).isEqualTo("DOWN");
            assertThat(check.getJsonObject("data").getBoolean("draining")).isTrue();
            assertThat(check.getJsonObject("data").getString("deadline")).isNotBlank();
        });
        assertThat(RunningNode.check(readyBody, "hub"))
                .hasValueSatisfying(hub -> assertThat(hub.getString("status")).isEqualTo("UP"));

        HttpResponse<String> live = node.get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(RunningNode.json(live).getString("status")).isEqualTo("UP");
        // The old endpoint keeps its meaning: the node is up and linked.
        assertThat(node.get("/health").statusCode()).isEqualTo(200);

        assertThat(drain.cancel("test")).isTrue();
        HttpResponse<String> again = node.get("/health/ready");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(RunningNode.json(again).getString("status")).isEqualTo("UP");
    }

    @Test
    void anUnknownProbeIsNotFound() throws Exception {
        assertThat(node.get("/health/started").statusCode()).isEqualTo(404);
    }
}
