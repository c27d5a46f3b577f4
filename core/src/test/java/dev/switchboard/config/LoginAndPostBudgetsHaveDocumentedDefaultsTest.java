package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.auth.AuthSettings;
import dev.switchboard.sse.SseSettings;
import dev.switchboard.testing.MapConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginAndPostBudgetsHaveDocumentedDefaultsTest {

    @Test
    void theLoginBudgetsDefaultToWhatTheConfigurationReferenceSays() {
        AuthSettings.Budgets budgets = AuthSettings.read(MapConfig.of(Map.of())).budgets();
        assertThat(budgets.basicCacheTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(budgets.basicCacheMaxEntries()).isEqualTo(10_000);
        assertThat(budgets.ticketsPerUser()).isEqualTo(16);
        assertThat(budgets.ticketsMax()).isEqualTo(100_000);
        assertThat(budgets.loginMaxBodySize()).isEqualTo(8192);
        assertThat(budgets.loginReadTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theLoginBudgetsAreReadFromTheirKeys() {
        AuthSettings.Budgets budgets = AuthSettings.read(MapConfig.of(Map.of(
                        ConfigKeys.AUTH_BASIC_CACHE_TTL, "0",
                        ConfigKeys.AUTH_BASIC_CACHE_MAX_ENTRIES, "5",
                        ConfigKeys.AUTH_TICKETS_PER_USER, "2",
                        ConfigKeys.AUTH_TICKETS_MAX, "7",
                        ConfigKeys.AUTH_LOGIN_MAX_BODY_SIZE, "100",
                        ConfigKeys.AUTH_LOGIN_READ_TIMEOUT, "250")))
                .budgets();
        assertThat(budgets).isEqualTo(new AuthSettings.Budgets(Duration.ZERO, 5, 2, 7, 100, Duration.ofMillis(250)));
    }

    @Test
    void anImpossibleBudgetStopsTheDeploymentNamingItsKey() {
        assertThatThrownBy(() -> AuthSettings.read(MapConfig.of(Map.of(ConfigKeys.AUTH_TICKETS_PER_USER, "0"))))
                .hasMessageContaining(ConfigKeys.AUTH_TICKETS_PER_USER);
        assertThatThrownBy(() -> AuthSettings.read(MapConfig.of(Map.of(ConfigKeys.AUTH_LOGIN_READ_TIMEOUT, "0"))))
                .hasMessageContaining(ConfigKeys.AUTH_LOGIN_READ_TIMEOUT);
        assertThatThrownBy(() -> SseSettings.read(MapConfig.of(Map.of(ConfigKeys.SSE_POST_READ_TIMEOUT, "-1"))))
                .hasMessageContaining(ConfigKeys.SSE_POST_READ_TIMEOUT);
        assertThatThrownBy(() -> SseSettings.read(MapConfig.of(Map.of(ConfigKeys.SSE_POST_MAX_SIZE, "0"))))
                .hasMessageContaining(ConfigKeys.SSE_POST_MAX_SIZE);
    }

    @Test
    void aMessagePostTakesWhatAWebSocketTextMessageTakesUnlessToldOtherwise() {
        assertThat(SseSettings.read(MapConfig.of(Map.of())).postMaxSize()).isEqualTo(1 << 20);
        assertThat(SseSettings.read(MapConfig.of(Map.of(ConfigKeys.WEBSOCKET_MAX_TEXT_MESSAGE_SIZE, "1000")))
                        .postMaxSize())
                .isEqualTo(1000);
        assertThat(SseSettings.read(MapConfig.of(Map.of(
                                ConfigKeys.WEBSOCKET_MAX_TEXT_MESSAGE_SIZE,
                                "1000",
                                ConfigKeys.SSE_POST_MAX_SIZE,
                                "500")))
                        .postMaxSize())
                .isEqualTo(500);
        assertThat(SseSettings.read(MapConfig.of(Map.of())).postReadTimeout()).isEqualTo(Duration.ofSeconds(10));
    }
}
