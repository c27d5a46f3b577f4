package dev.switchboard.cluster;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Reads the body of an announcement another node sent ({@link dev.switchboard.spi.Broker.Announcement}): a single
 * JSON object, bounded in length. The observers of each subject read their members from it strictly.
 */
public final class AnnouncementBodies {

    private AnnouncementBodies() {}

    /**
     * The body as one JSON object.
     *
     * @param body      the announcement's body
     * @param maxLength the most characters a body of its subject may have
     * @return the object; empty when the body is longer, not a JSON object, or followed by anything
     */
    public static Optional<JsonObject> object(String body, int maxLength) {
        if (body.length() > maxLength) {
            return Optional.empty();
        }
        // A parser rather than a reader: a reader stops after the value, and anything after it must refuse the body.
        try (JsonParser parser = Json.createParser(new StringReader(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                return Optional.empty();
            }
            JsonObject object = parser.getObject();
            return parser.hasNext() ? Optional.empty() : Optional.of(object);
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            return Optional.empty();
        }
    }
}
