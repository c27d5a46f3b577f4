package dev.switchboard.embedded.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.embedded.SwitchboardServer;
import dev.switchboard.ops.Drain;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /health/live} and {@code /health/ready} in the MicroProfile Health shape, through a drain and its cancel. */
class HealthProbesFollowStartDrainAndCancelTest {

    private static SwitchboardServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        server = SwitchboardServer.builder().host("127.0.0.1").port(0).build();
        server.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.stop();
    }

    @AfterEach
    void serveAgain() {
        Probes.drain().cancel("test");
    }

    @Test
    void aStartedNodeIsLiveAndReady() throws Exception {
        HttpResponse<String> live = Probes.get(client, server, "/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonObject liveBody = Probes.json(live);
        assertThat(liveBody.getString("status")).isEqualTo("UP");
        assertThat(Probes.check(liveBody, "hub")).hasValueSatisfying(hub -> {
            assertThat(hub.getString("status")).isEqualTo("UP");
            assertThat(hub.getJsonObject("data").getString("startedAt")).isNotBlank();
        });

        HttpResponse<String> ready = Probes.get(client, server, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonObject readyBody = Probes.json(ready);
        assertThat(readyBody.getString("status")).isEqualTo("UP");
        assertThat(Probes.check(readyBody, "drain")).hasValueSatisfying(drain -> {
            assertThat(drain.getString("status")).isEqualTo("UP");
            assertThat(drain.getJsonObject("data").getBoolean("draining")).isFalse();
        });
        // The embedded H2 DataSource keeps the firewall's bans by default: it is checked, and it answers.
        assertThat(Probes.check(readyBody, "datasource"))
                .hasValueSatisfying(
                        dataSource -> assertThat(dataSource.getString("status")).isEqualTo("UP"));
        assertThat(Probes.check(readyBody, "cluster")).as("clustering is off").isEmpty();
    }

    @Test
    void aDrainingNodeIsLiveButNotReadyUntilTheDrainIsCancelled() throws Exception {
        Drain drain = Probes.drain();
        assertThat(drain.start(Duration.ofMinutes(5), "test")).isPresent();

        HttpResponse<String> ready = Probes.get(client, server, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        JsonObject readyBody = Probes.json(ready);
        assertThat(readyBody.getString("status")).isEqualTo("DOWN");
        assertThat(Probes.check(readyBody, "drain")).hasValueSatisfying(check -> {
            assertThat(check.getString("status")).isEqualTo("DOWN");
            assertThat(check.getJsonObject("data").getBoolean("draining")).isTrue();
            assertThat(check.getJsonObject("data").getString("deadline")).isNotBlank();
        });
        assertThat(Probes.check(readyBody, "hub"))
                .hasValueSatisfying(hub -> assertThat(hub.getString("status")).isEqualTo("UP"));

        HttpResponse<String> live = Probes.get(client, server, "/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(Probes.json(live).getString("status")).isEqualTo("UP");
        // The old endpoint keeps its meaning: the node is up and linked.
        assertThat(Probes.get(client, server, "/health").statusCode()).isEqualTo(200);

        assertThat(drain.cancel("test")).isTrue();
        HttpResponse<String> again = Probes.get(client, server, "/health/ready");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Probes.json(again).getString("status")).isEqualTo("UP");
    }

    @Test
    void anUnknownProbeIsNotFound() throws Exception {
        assertThat(Probes.get(client, server, "/health/started").statusCode()).isEqualTo(404);
    }
}
