package dev.switchboard.embedded.sse;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Priority;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A test subprotocol for SSE scenarios, usable over WebSocket and over SSE POSTs: {@code publish <channel> <text>},
 * {@code flood <channel> <count> <size>}, {@code sub <spec>}, {@code echo <text>}, {@code throttle <bytes/s>},
 * {@code prioritize <mask> <HIGH|NORMAL|LOW>}; each answered with {@code ok ...}.
 * Publications reach its subscribers as {@code <channel>|<message>}.
 */
@ApplicationScoped
@Subprotocol(SseTestProtocol.NAME)
public class SseTestProtocol implements SubprotocolHandler {

    static final String NAME = "sse.test.switchboard.dev";

    @Inject
    Gateway gateway;

    @Override
    public void onText(Connection connection, String message) {
        String[] words = message.split(" ", 3);
        switch (words[0]) {
            case "publish" -> connection.sendText("ok " + gateway.publish(words[1], words[2]));
            case "flood" -> {
                String[] numbers = words[2].split(" ");
                int count = Integer.parseInt(numbers[0]);
                String payload = "x".repeat(Integer.parseInt(numbers[1]));
                int deliveries = 0;
                for (int i = 0; i < count; i++) {
                    deliveries += gateway.publish(words[1], i + ":" + payload);
                }
                connection.sendText("ok " + deliveries);
            }
            case "sub" -> connection.sendText("ok " + gateway.subscribe(connection, words[1]));
            case "transport" -> connection.sendText("ok " + connection.transport());
            case "throttle" -> connection.sendText("ok " + gateway.throttle(connection.id(), Long.parseLong(words[1])));
            case "prioritize" ->
                connection.sendText("ok " + gateway.prioritize(connection.id(), words[1], Priority.valueOf(words[2])));
            case "kick" -> gateway.disconnect(connection.id(), Integer.parseInt(words[1]), words[2]);
            case "echo" -> connection.sendText("echo " + (words.length > 1 ? message.substring(5) : ""));
            default -> connection.sendText("unknown " + words[0]);
        }
    }

    @Override
    public String encodePublication(dev.switchboard.api.Publication publication) {
        return publication.channel() + "|" + publication.message();
    }
}
