package dev.switchboard.protocol.wamp;

import dev.switchboard.api.Publication;
import dev.switchboard.channel.ChannelNames;
import dev.switchboard.channel.Glob;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Optional;

/**
 * How WAMP topics and payloads map onto the hub's channels and publications, the one copy the WAMP v2 router and the
 * WAMP v1 engine both use, so that both versions name one channel alike and read each other's publications alike.
 */
final class WampHubMapping {

    private WampHubMapping() {}

    /**
     * A topic as its canonical channel, or empty when it is not one: within the channel limits, no comma or mask
     * character (the hub would read a list or a mask), no reserved prefix; a pattern (the topic of a {@code prefix}
     * or {@code wildcard} subscription) may be empty or have empty components.
     *
     * @param raw     the topic URI as the client sent it (CURIEs already expanded)
     * @param pattern whether it is a pattern rather than an exact topic
     * @param limits  the channel limits of the hub
     * @return the channel name
     */
    static Optional<String> channel(String raw, boolean pattern, ChannelNames.Limits limits) {
        if (raw.isEmpty() && !pattern) {
            return Optional.empty();
        }
        String canonical = ChannelNames.canonical(raw);
        try {
            ChannelNames.check(canonical, limits, false);
        } catch (ChannelNames.InvalidChannelException e) {
            if (!(pattern && canonical.isEmpty())) {
                return Optional.empty();
            }
        }
        if (canonical.indexOf(',') >= 0 || Glob.hasWildcards(canonical) || ChannelNames.isReserved(canonical)) {
            return Optional.empty();
        }
        return Optional.of(canonical);
    }

    /**
     * The WAMP v2 arguments a publication carries as JSON text ({@link WampRouter#PAYLOAD_FORM}): its argument list,
     * or the object of {@code args} and {@code kwargs}; empty when it is a plain text (a WAMP publication of one
     * string, any other protocol's, the Base64 text of bytes) or when a rule rewrote the text into something that is
     * not of the form the property names.
     *
     * @param publication the publication
     * @return a {@link JsonArray} for the form {@code args}, a {@link JsonObject} for {@code argskw}
     */
    static Optional<JsonValue> structuredPayload(Publication publication) {
        Optional<String> form = publication.properties().get(WampRouter.PAYLOAD_FORM);
        if (form.isEmpty() || publication.binary()) {
            return Optional.empty();
        }
        try (JsonReader reader = Json.createReader(new StringReader(publication.message()))) {
            JsonValue value = reader.readValue();
            if (form.get().equals("args") && value instanceof JsonArray
                    || form.get().equals("argskw") && value instanceof JsonObject) {
                return Optional.of(value);
            }
        } catch (RuntimeException e) {
            // A rule rewrote the text into something that is no JSON: it is delivered as the text it now is.
        }
        return Optional.empty();
    }
}
