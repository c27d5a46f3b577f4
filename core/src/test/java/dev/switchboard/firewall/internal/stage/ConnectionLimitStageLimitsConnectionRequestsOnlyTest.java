package dev.switchboard.firewall.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.firewall.Refusal;
import dev.switchboard.firewall.internal.RateBuckets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionLimitStageLimitsConnectionRequestsOnlyTest {

    private static ConnectionLimitStage stage(Stages parts) {
        return new ConnectionLimitStage(parts.settings, parts.clock, new RateBuckets(parts.clock), Stages.IDLE_MILLIS);
    }

    private static Decision<Refusal> ask(ConnectionLimitStage stage, Stages parts, boolean connectionRequest) {
        return stage.request(Stages.request("192.0.2.1", "/", connectionRequest), parts.client("192.0.2.1"));
    }

    @Test
    void theRateRefusesWith429UntilTheWindowRefillsAndPlainRequestsAreNotCounted() {
        Stages parts = new Stages(Map.of(
                ConfigKeys.FIREWALL_CONNECTION_RATE_ENABLED, "true",
                ConfigKeys.FIREWALL_CONNECTION_RATE_MAX, "1",
                ConfigKeys.FIREWALL_CONNECTION_RATE_WINDOW, "10"));
        ConnectionLimitStage stage = stage(parts);
        assertThat(ask(stage, parts, true)).isInstanceOf(Decision.Pass.class);
        for (int i = 0; i < 5; i++) {
            assertThat(ask(stage, parts, false)).isInstanceOf(Decision.Pass.class);
        }
        assertThat(ask(stage, parts, true))
                .isEqualTo(Decision.refuse(new Refusal("connection-rate", 429, 10, "Too many connections")));
        parts.clock.advance(Duration.ofSeconds(10));
        assertThat(ask(stage, parts, true)).isInstanceOf(Decision.Pass.class);
    }

    @Test
    void theConcurrentCapCountsOpenConnectionsAndHandshakesInTheChain() {
        Stages parts = new Stages(
                Map.of(ConfigKeys.FIREWALL_CONCURRENT_ENABLED, "true", ConfigKeys.FIREWALL_CONCURRENT_MAX, "2"));
        ConnectionLimitStage stage = stage(parts);
        String key = parts.client("192.0.2.1").key();
        stage.opened(key);
        stage.handshakeStarted(key);
        assertThat(ask(stage, parts, true))
                .isEqualTo(Decision.refuse(new Refusal("concurrent", 429, 5, "Too many open connections")));
        assertThat(ask(stage, parts, false)).isInstanceOf(Decision.Pass.class);
        stage.handshakeEnded(key);
        assertThat(ask(stage, parts, true)).isInstanceOf(Decision.Pass.class);
        stage.opened(key);
        stage.closed(key);
        assertThat(stage.openConnections(key)).isEqualTo(1);
    }
}
