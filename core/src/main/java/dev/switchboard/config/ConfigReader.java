package dev.switchboard.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Resolves configuration keys through an ordered list of sources; the first source that has a key wins.
 *
 * <p>{@link #standard()} gives the documented order: JNDI, system properties, environment, default. Values are
 * trimmed; a blank value counts as absent, so an administrator can blank out an env-entry. A value that does not
 * parse fails fast with an {@link IllegalArgumentException} naming the key, the source and the value.
 */
public final class ConfigReader {

    /** One place configuration values come from. */
    public interface Source {
        /**
         * Looks a key up.
         *
         * @param key the full key, for example {@code switchboard.port}
         * @return the raw value, or empty
         */
        Optional<String> get(String key);

        /**
         * Names the source in error messages.
         *
         * @return a short description
         */
        String describe();
    }

    private final List<Source> sources;

    /**
     * Creates a reader over the given sources, first one first.
     *
     * @param sources the sources in precedence order
     */
    public ConfigReader(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * The documented precedence: JNDI, system properties, environment variables.
     *
     * @return a reader over the standard sources
     */
    public static ConfigReader standard() {
        return new ConfigReader(List.of(new JndiSource(), systemProperties(), environment(System.getenv())));
    }

    /**
     * System properties, read at lookup time so tests and launchers may set them late.
     *
     * @return the source
     */
    public static Source systemProperties() {
        return new Source() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(System.getProperty(key));
            }

            @Override
            public String describe() {
                return "system property";
            }
        };
    }

    /**
     * Environment variables under the name {@link #environmentName(String)} gives.
     *
     * @param environment the environment, usually {@link System#getenv()}
     * @return the source
     */
    public static Source environment(Map<String, String> environment) {
        return new Source() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(environment.get(environmentName(key)));
            }

            @Override
            public String describe() {
                return "environment variable";
            }
        };
    }

    /**
     * The environment variable name of a key: upper case, every character other than a letter or digit
     * becomes an underscore ({@code switchboard.tls.keystore-password} is
     * {@code SWITCHBOARD_TLS_KEYSTORE_PASSWORD}).
     *
     * @param key the full key
     * @return the variable name
     */
    public static String environmentName(String key) {
        StringBuilder name = new StringBuilder(key.length());
        for (char c : key.toCharArray()) {
            name.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }

    /**
     * The raw value of a key from the first source that has a non-blank one.
     *
     * @param key the full key
     * @return the trimmed value, or empty
     */
    public Optional<String> get(String key) {
        return find(key).map(Found::value);
    }

    /**
     * A string value.
     *
     * @param key          the full key
     * @param defaultValue the value when no source has the key
     * @return the value
     */
    public String getString(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * An integer value.
     *
     * @param key          the full key
     * @param defaultValue the value when no source has the key
     * @return the value
     * @throws IllegalArgumentException when the value is not an integer
     */
    public int getInt(String key, int defaultValue) {
        return parse(key, defaultValue, Integer::valueOf, "an integer");
    }

    /**
     * A long value.
     *
     * @param key          the full key
     * @param defaultValue the value when no source has the key
     * @return the value
     * @throws IllegalArgumentException when the value is not an integer
     */
    public long getLong(String key, long defaultValue) {
        return parse(key, defaultValue, Long::valueOf, "an integer");
    }

    /**
     * A boolean value: {@code true}/{@code false}, {@code yes}/{@code no}, {@code on}/{@code off}.
     *
     * @param key          the full key
     * @param defaultValue the value when no source has the key
     * @return the value
     * @throws IllegalArgumentException for any other text
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        return parse(key, defaultValue, ConfigReader::parseBoolean, "true or false");
    }

    /**
     * A comma-separated list; entries are trimmed and blank entries dropped.
     *
     * @param key          the full key
     * @param defaultValue the value when no source has the key
     * @return the entries
     */
    public List<String> getList(String key, List<String> defaultValue) {
        return get(key).map(ConfigReader::splitList).orElse(defaultValue);
    }

    /**
     * One value of a fixed set, compared case-insensitively.
     *
     * @param key          the full key
     * @param defaultValue the value when no source has the key
     * @param allowed      the allowed values, in lower case
     * @return the value, in lower case
     * @throws IllegalArgumentException for any other value
     */
    public String getChoice(String key, String defaultValue, String... allowed) {
        Optional<Found> found = find(key);
        if (found.isEmpty()) {
            return defaultValue;
        }
        String value = found.get().value().toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(value)) {
            throw invalid(key, found.get(), "one of " + String.join(", ", allowed));
        }
        return value;
    }

    static List<String> splitList(String raw) {
        List<String> entries = new ArrayList<>();
        for (String part : raw.split(",")) {
            String trimmed = part.trim();
            if (!trimmed.isEmpty()) {
                entries.add(trimmed);
            }
        }
        return List.copyOf(entries);
    }

    private <T> T parse(String key, T defaultValue, Function<String, T> parser, String expected) {
        Optional<Found> found = find(key);
        if (found.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.apply(found.get().value());
        } catch (IllegalArgumentException e) {
            throw invalid(key, found.get(), expected);
        }
    }

    private static Boolean parseBoolean(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(raw);
        };
    }

    private static IllegalArgumentException invalid(String key, Found found, String expected) {
        return new IllegalArgumentException("Configuration key " + key + " from "
                + found.source().describe() + " is '" + found.value() + "'; expected " + expected);
    }

    private Optional<Found> find(String key) {
        for (Source source : sources) {
            Optional<String> value = source.get(key).map(String::trim).filter(v -> !v.isEmpty());
            if (value.isPresent()) {
                return Optional.of(new Found(value.get(), source));
            }
        }
        return Optional.empty();
    }

    private record Found(String value, Source source) {}

    /**
     * JNDI: the component env-entry {@code java:comp/env/switchboard/<key>}, then {@code java:global/switchboard/<key>}.
     * Outside a container with naming (a plain unit test, a launcher without JNDI) the source is simply empty.
     */
    static final class JndiSource implements Source {
        @Override
        public Optional<String> get(String key) {
            String name = key.startsWith(ConfigKeys.PREFIX) ? key.substring(ConfigKeys.PREFIX.length()) : key;
            InitialContext context;
            try {
                context = new InitialContext();
            } catch (NamingException | RuntimeException e) {
                return Optional.empty();
            }
            try {
                for (String prefix : List.of("java:comp/env/switchboard/", "java:global/switchboard/")) {
                    Optional<String> value = lookup(context, prefix + name);
                    if (value.isPresent()) {
                        return value;
                    }
                }
                return Optional.empty();
            } finally {
                try {
                    context.close();
                } catch (NamingException ignored) {
                    // Closing a naming context only releases resources; a failure leaves nothing to undo.
                }
            }
        }

        private static Optional<String> lookup(InitialContext context, String name) {
            try {
                Object value = context.lookup(name);
                return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
            } catch (NamingException | RuntimeException e) {
                // Not bound, or no naming service behind the initial context: both mean "not configured here".
                return Optional.empty();
            }
        }

        @Override
        public String describe() {
            return "JNDI";
        }
    }
}
