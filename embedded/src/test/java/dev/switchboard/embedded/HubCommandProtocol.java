package dev.switchboard.embedded;

import dev.switchboard.api.Audience;
import dev.switchboard.api.CloseCodes;
import dev.switchboard.api.Connection;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A test subprotocol that lets a client drive the gateway with one-line commands, so scenarios over a real
 * socket can subscribe, join groups and publish: {@code id}, {@code sub <spec>}, {@code join <group>},
 * {@code publish <channel> <count> <size>}, {@code groups <pattern> <text>}, {@code send <connection-id> <text>},
 * {@code publish-bytes <channel> <hex>}, {@code broadcast <text>}, {@code disconnect-user <user>},
 * {@code close <connection-id> <code>}, {@code abort <connection-id>}, {@code drain <connection-id> <ms>}. Each command is answered with {@code ok <detail>} once
 * done.
 */
@ApplicationScoped
@Subprotocol(HubCommandProtocol.NAME)
public class HubCommandProtocol implements SubprotocolHandler {

    /** The subprotocol token. */
    public static final String NAME = "hub.test.switchboard.dev";

    @Inject
    Gateway gateway;

    @Override
    public void onText(Connection connection, String message) {
        String[] words = message.split(" ", 3);
        switch (words[0]) {
            case "id" -> connection.sendText("ok " + connection.id());
            case "sub" -> connection.sendText("ok " + gateway.subscribe(connection, words[1]));
            case "join" -> {
                gateway.joinGroup(words[1], connection);
                connection.sendText("ok " + gateway.groups(connection));
            }
            case "publish" -> {
                String[] numbers = words[2].split(" ");
                int count = Integer.parseInt(numbers[0]);
                String payload = "x".repeat(Integer.parseInt(numbers[1]));
                int deliveries = 0;
                for (int i = 0; i < count; i++) {
                    deliveries += gateway.publish(words[1], i + ":" + payload);
                }
                connection.sendText("ok " + deliveries);
            }
            case "publish-bytes" ->
                connection.sendText("ok "
                        + gateway.publish(
                                words[1],
                                ByteBuffer.wrap(java.util.HexFormat.of().parseHex(words[2]))));
            case "groups" -> connection.sendText("ok " + gateway.sendToGroups(words[1], words[2]));
            case "send" -> connection.sendText("ok " + gateway.send(words[1], words[2]));
            case "broadcast" ->
                connection.sendText(
                        "ok " + gateway.broadcast(message.substring("broadcast ".length()), Audience.EVERYONE));
            case "close" ->
                connection.sendText(
                        "ok " + gateway.disconnect(words[1], Integer.parseInt(words[2]), "closed by the server"));
            case "abort" -> connection.sendText("ok " + gateway.abort(words[1]));
            case "drain" ->
                connection.sendText(
                        "ok " + gateway.drain(words[1], java.time.Duration.ofMillis(Long.parseLong(words[2]))));
            case "disconnect-user" ->
                connection.sendText("ok "
                        + gateway.disconnectUser(words[1], Optional.empty(), CloseCodes.UNAUTHORIZED, "Logged out"));
            default -> connection.sendText("unknown " + words[0]);
        }
    }
}
