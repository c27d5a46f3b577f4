package dev.switchboard.cdi;

import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Produces the settings, read once from the standard sources when first needed. Applications may replace it
 * with an {@code @Alternative} producer of {@link SwitchboardConfig}.
 */
@ApplicationScoped
public class ConfigProducer {

    @Produces
    @Singleton
    SwitchboardConfig config() {
        return SwitchboardConfig.read(ConfigReader.standard());
    }
}
