package dev.switchboard.testing;

import dev.switchboard.config.ConfigReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configuration from a map, as an administrator's keys would give it, with no global state. */
public final class MapConfig {

    private MapConfig() {}

    public static ConfigReader of(Map<String, String> values) {
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
