package dev.switchboard.hub;

import dev.switchboard.api.PublicationProperties;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.util.Optional;

/**
 * How much protocol metadata one publication may carry through the broker ({@link PublicationProperties}): every
 * pair travels to every node and is held with every queued copy, so a client must not be able to make it large.
 * Read once at startup.
 *
 * @param maxCount most pairs, repeated names counted each time
 * @param maxBytes most UTF-8 bytes of all names and values together
 */
public record PropertyBudget(int maxCount, long maxBytes) {

    /** Default {@link #maxCount}. */
    public static final int DEFAULT_MAX_COUNT = 64;
    /** Default {@link #maxBytes}. */
    public static final long DEFAULT_MAX_BYTES = 16_384;
    /** The documented defaults. */
    public static final PropertyBudget DEFAULTS = new PropertyBudget(DEFAULT_MAX_COUNT, DEFAULT_MAX_BYTES);

    /** Validates. */
    public PropertyBudget {
        if (maxCount < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("property budgets must not be negative: " + maxCount + ", " + maxBytes);
        }
    }

    /**
     * The budget as the documented keys give it.
     *
     * @param reader the configuration reader
     * @return the budget
     */
    public static PropertyBudget read(ConfigReader reader) {
        return new PropertyBudget(
                reader.getInt(ConfigKeys.PUBLICATION_MAX_PROPERTIES, DEFAULT_MAX_COUNT),
                reader.getLong(ConfigKeys.PUBLICATION_MAX_PROPERTIES_BYTES, DEFAULT_MAX_BYTES));
    }

    /**
     * Why a publication's properties are over the budget, or empty when they are within it.
     *
     * @param properties the properties
     * @return the reason, fit to show to the publisher
     */
    public Optional<String> refusal(PublicationProperties properties) {
        if (properties.isEmpty()) {
            return Optional.empty();
        }
        if (properties.size() > maxCount) {
            return Optional.of("a publication may carry " + maxCount + " properties");
        }
        if (properties.bytes() > maxBytes) {
            return Optional.of("a publication's properties may hold " + maxBytes + " bytes");
        }
        return Optional.empty();
    }
}
