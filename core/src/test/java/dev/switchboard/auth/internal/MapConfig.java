package dev.switchboard.auth.internal;

import dev.switchboard.config.ConfigReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configuration from a map, as an administrator's keys would give it. */
final class MapConfig {

    private MapConfig() {}

    static ConfigReader of(Map<String, String> values) {
        return new ConfigReader(List.of(new ConfigReader.Source() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(values.get(key));
            }

            @Override
            public String describe() {
                return "test map";
            }
        }));
    }
}
