package dev.switchboard.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The protocol metadata that travels with a {@link Publication} through the broker to every node: an immutable,
 * ordered list of name and value pairs, in which a name may repeat (MQTT 5 user properties may). Each protocol names
 * its own properties with its prefix ({@code mqtt.}, {@code stomp.}); the few that several protocols read are
 * unprefixed ({@link #CONTENT_TYPE}). A publication without metadata carries the one shared {@link #NONE}, so it
 * costs nothing.
 *
 * <p>The hub bounds what a client's publication may carry ({@code switchboard.publication.max-properties} pairs and
 * {@code switchboard.publication.max-properties-bytes} UTF-8 bytes of names and values); a protocol refuses a
 * publication over a bound as it refuses an oversized payload.
 */
public final class PublicationProperties {

    /**
     * The payload's media type, read and written by every protocol that has one (the STOMP {@code content-type}
     * header, the MQTT 5 Content Type property).
     */
    public static final String CONTENT_TYPE = "content-type";

    /** No properties: what every publication without metadata shares. */
    public static final PublicationProperties NONE = new PublicationProperties(List.of());

    /**
     * One property.
     *
     * @param name  its name, prefixed by its protocol
     * @param value its value
     */
    public record Property(String name, String value) {
        /** Validates. */
        public Property {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    private final List<Property> list;

    private PublicationProperties(List<Property> list) {
        this.list = list;
    }

    /**
     * Starts a list of properties.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tells whether there are none.
     *
     * @return true for no properties
     */
    public boolean isEmpty() {
        return list.isEmpty();
    }

    /**
     * The number of pairs, repeated names counted each time.
     *
     * @return the count
     */
    public int size() {
        return list.size();
    }

    /**
     * The pairs in the order they were added.
     *
     * @return an unmodifiable list
     */
    public List<Property> list() {
        return list;
    }

    /**
     * The first value of a name.
     *
     * @param name the name
     * @return the value, or empty when the name is absent
     */
    public Optional<String> get(String name) {
        for (Property property : list) {
            if (property.name().equals(name)) {
                return Optional.of(property.value());
            }
        }
        return Optional.empty();
    }

    /**
     * Tells whether a name is present.
     *
     * @param name the name
     * @return true when at least one pair has it
     */
    public boolean has(String name) {
        return get(name).isPresent();
    }

    /**
     * The size the bounds count: the UTF-8 bytes of every name and value.
     *
     * @return the bytes
     */
    public long bytes() {
        long total = 0;
        for (Property property : list) {
            total += utf8Length(property.name()) + utf8Length(property.value());
        }
        return total;
    }

    /**
     * A text form of the pairs that {@link #decode} reads back exactly, for the cluster wire: each name and value as
     * its length in chars, a colon, and the chars. Any char may appear in a name or value.
     *
     * @return the text form, empty for no properties
     */
    public String encode() {
        if (list.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (Property property : list) {
            out.append(property.name().length()).append(':').append(property.name());
            out.append(property.value().length()).append(':').append(property.value());
        }
        return out.toString();
    }

    /**
     * Reads the {@link #encode() text form} back, in one pass.
     *
     * @param encoded the text form, empty or null for none
     * @return the properties
     * @throws IllegalArgumentException when the text is not a text form
     */
    public static PublicationProperties decode(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return NONE;
        }
        Builder builder = builder();
        int[] at = {0};
        while (at[0] < encoded.length()) {
            String name = field(encoded, at);
            String value = field(encoded, at);
            builder.add(name, value);
        }
        return builder.build();
    }

    private static String field(String encoded, int[] at) {
        int colon = encoded.indexOf(':', at[0]);
        if (colon <= at[0] || colon - at[0] > 9) {
            throw new IllegalArgumentException("not an encoded property list");
        }
        int length;
        try {
            length = Integer.parseInt(encoded, at[0], colon, 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an encoded property list", e);
        }
        int end = colon + 1 + length;
        if (length < 0 || end > encoded.length()) {
            throw new IllegalArgumentException("an encoded property list ends early");
        }
        at[0] = end;
        return encoded.substring(colon + 1, end);
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                // A pair of surrogates is one four-byte code point.
                bytes += 2;
            } else {
                bytes += Character.isLowSurrogate(c) ? 2 : 3;
            }
        }
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PublicationProperties that && list.equals(that.list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    @Override
    public String toString() {
        return "PublicationProperties" + list;
    }

    /** Collects pairs in order; {@link #build()} gives {@link #NONE} when none were added. */
    public static final class Builder {
        private final List<Property> list = new ArrayList<>();

        private Builder() {}

        /**
         * Adds a pair, after those added before (a name may repeat).
         *
         * @param name  the name
         * @param value the value
         * @return this builder
         */
        public Builder add(String name, String value) {
            list.add(new Property(name, value));
            return this;
        }

        /**
         * Adds every pair of other properties.
         *
         * @param properties the properties
         * @return this builder
         */
        public Builder addAll(PublicationProperties properties) {
            list.addAll(properties.list);
            return this;
        }

        /**
         * Tells whether nothing was added.
         *
         * @return true when empty
         */
        public boolean isEmpty() {
            return list.isEmpty();
        }

        /**
         * The immutable properties.
         *
         * @return the properties, {@link #NONE} when empty
         */
        public PublicationProperties build() {
            return list.isEmpty() ? NONE : new PublicationProperties(List.copyOf(list));
        }
    }
}
