package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigPrecedenceTest {

    private static ConfigReader.Source fixed(String name, Map<String, String> values) {
        return new ConfigReader.Source() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(values.get(key));
            }

            @Override
            public String describe() {
                return name;
            }
        };
    }

    @Test
    void firstSourceThatHasTheKeyWins() {
        ConfigReader reader = new ConfigReader(List.of(
                fixed("jndi", Map.of("switchboard.port", "9001")),
                fixed("properties", Map.of("switchboard.port", "9002", "switchboard.host", "127.0.0.1")),
                ConfigReader.environment(Map.of("SWITCHBOARD_PORT", "9003", "SWITCHBOARD_TLS_PORT", "9443"))));

        assertThat(reader.getInt(ConfigKeys.PORT, 8080)).isEqualTo(9001);
        assertThat(reader.getString(ConfigKeys.HOST, "0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(reader.getInt(ConfigKeys.TLS_PORT, 8443)).isEqualTo(9443);
        assertThat(reader.getInt(ConfigKeys.TLS_KEYSTORE, 7)).isEqualTo(7);
    }

    @Test
    void blankValuesCountAsAbsent() {
        ConfigReader reader = new ConfigReader(List.of(
                fixed("jndi", Map.of("switchboard.port", "  ")),
                fixed("properties", Map.of("switchboard.port", " 9002 "))));

        assertThat(reader.getInt(ConfigKeys.PORT, 8080)).isEqualTo(9002);
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertThat(ConfigReader.environmentName("switchboard.tls.keystore-password"))
                .isEqualTo("SWITCHBOARD_TLS_KEYSTORE_PASSWORD");
    }

    @Test
    void systemPropertiesAreReadAtLookupTime() {
        String key = "switchboard.test.late-property";
        ConfigReader reader = new ConfigReader(List.of(ConfigReader.systemProperties()));
        System.setProperty(key, "late");
        try {
            assertThat(reader.getString(key, "none")).isEqualTo("late");
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void anUnparsableValueNamesKeySourceAndValue() {
        ConfigReader reader = new ConfigReader(List.of(fixed("system property", Map.of("switchboard.port", "eighty"))));

        assertThatThrownBy(() -> reader.getInt(ConfigKeys.PORT, 8080))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.port")
                .hasMessageContaining("system property")
                .hasMessageContaining("eighty");
    }

    @Test
    void choicesAndBooleansAcceptDocumentedSpellings() {
        ConfigReader reader =
                new ConfigReader(List.of(fixed("p", Map.of("a", "ACCEPT", "b", "off", "c", "sometimes"))));

        assertThat(reader.getChoice("a", "reject", "reject", "accept")).isEqualTo("accept");
        assertThat(reader.getBoolean("b", true)).isFalse();
        assertThatThrownBy(() -> reader.getChoice("c", "reject", "reject", "accept"))
                .hasMessageContaining("one of reject, accept");
    }

    @Test
    void settingsUseDocumentedDefaultsWhenNothingIsConfigured() {
        SwitchboardConfig config = SwitchboardConfig.read(new ConfigReader(List.of()));

        assertThat(config.websocketPaths()).containsExactly("/*");
        assertThat(config.maxTextMessageSize()).isEqualTo(1 << 20);
        assertThat(config.maxBinaryMessageSize()).isEqualTo(1 << 20);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ZERO);
        assertThat(config.rejectUnsupportedSubprotocol()).isTrue();
        assertThat(config.outboundMaxMessages()).isEqualTo(1024);
        assertThat(config.outboundMaxBytes()).isEqualTo(1 << 20);
        assertThat(config.maxConnections()).isZero();
        assertThat(config.allowedOrigins()).isEmpty();
        assertThat(config.channelMasks()).isTrue();
        assertThat(config.heartbeatEnabled()).isTrue();
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.heartbeatOnlyWhenIdle()).isFalse();
    }

    @Test
    void settingsReadEveryKey() {
        SwitchboardConfig config = SwitchboardConfig.read(new ConfigReader(List.of(fixed(
                "p",
                Map.ofEntries(
                        Map.entry(ConfigKeys.WEBSOCKET_PATHS, "/ws/*, /sgc"),
                        Map.entry(ConfigKeys.WEBSOCKET_MAX_TEXT_MESSAGE_SIZE, "10"),
                        Map.entry(ConfigKeys.WEBSOCKET_MAX_BINARY_MESSAGE_SIZE, "20"),
                        Map.entry(ConfigKeys.WEBSOCKET_IDLE_TIMEOUT, "30"),
                        Map.entry(ConfigKeys.WEBSOCKET_UNSUPPORTED_SUBPROTOCOL, "accept"),
                        Map.entry(ConfigKeys.OUTBOUND_MAX_MESSAGES, "40"),
                        Map.entry(ConfigKeys.OUTBOUND_MAX_BYTES, "50"),
                        Map.entry(ConfigKeys.MAX_CONNECTIONS, "60"),
                        Map.entry(ConfigKeys.WEBSOCKET_ALLOWED_ORIGINS, "http://a:*, https://b"),
                        Map.entry(ConfigKeys.CHANNELS_MASKS, "false"),
                        Map.entry(ConfigKeys.HEARTBEAT_ENABLED, "false"))))));
        assertThat(config.maxConnections()).isEqualTo(60);
        assertThat(config.allowedOrigins()).containsExactly("http://a:*", "https://b");
        assertThat(config.channelMasks()).isFalse();
        assertThat(config.heartbeatEnabled()).isFalse();

        assertThat(config.websocketPaths()).containsExactly("/ws/*", "/sgc");
        assertThat(config.maxTextMessageSize()).isEqualTo(10);
        assertThat(config.maxBinaryMessageSize()).isEqualTo(20);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.rejectUnsupportedSubprotocol()).isFalse();
        assertThat(config.outboundMaxMessages()).isEqualTo(40);
        assertThat(config.outboundMaxBytes()).isEqualTo(50);
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void nonPositiveLimitsAreRejected() {
        assertThatThrownBy(
                        () -> SwitchboardConfig.builder().maxTextMessageSize(0).build())
                .hasMessageContaining("maxTextMessageSize");
    }
}
