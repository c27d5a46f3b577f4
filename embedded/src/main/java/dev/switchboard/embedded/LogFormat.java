package dev.switchboard.embedded;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import java.util.Locale;

/**
 * Chooses the embedded server's log format, {@value #TEXT} (Jetty's text lines) or {@value #JSON} (one JSON object
 * per line), from {@link ConfigKeys#LOG_FORMAT}. Logging is set up once per JVM, at the first log call, so this runs
 * first thing in {@code main}; it reads only the system property and the environment variable, because a JNDI
 * lookup may already log.
 */
public final class LogFormat {

    /** Jetty's text format, the default. */
    public static final String TEXT = "text";
    /** One JSON object per line. */
    public static final String JSON = "json";

    /** SLF4J's property naming its provider (SLF4J 2.0.9 and later). */
    static final String PROVIDER_PROPERTY = "slf4j.provider";
    /** SLF4J's property for the level of its own reports. */
    static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    private LogFormat() {}

    /**
     * Selects the configured format for this JVM, unless a provider has been chosen explicitly.
     *
     * @return the format in effect
     * @throws IllegalArgumentException for a value other than {@code text} or {@code json}
     */
    public static String install() {
        String value = System.getProperty(ConfigKeys.LOG_FORMAT);
        if (value == null || value.isBlank()) {
            value = System.getenv(ConfigReader.environmentName(ConfigKeys.LOG_FORMAT));
        }
        String format = value == null || value.isBlank() ? TEXT : value.trim().toLowerCase(Locale.ROOT);
        if (!format.equals(TEXT) && !format.equals(JSON)) {
            throw new IllegalArgumentException(
                    ConfigKeys.LOG_FORMAT + " must be " + TEXT + " or " + JSON + ", not '" + value.trim() + "'");
        }
        if (format.equals(JSON) && System.getProperty(PROVIDER_PROPERTY) == null) {
            System.setProperty(PROVIDER_PROPERTY, JsonLogProvider.class.getName());
            // SLF4J reports an explicitly chosen provider on standard error as a text line of its own.
            if (System.getProperty(SLF4J_VERBOSITY) == null) {
                System.setProperty(SLF4J_VERBOSITY, "WARN");
            }
        }
        return format;
    }
}
