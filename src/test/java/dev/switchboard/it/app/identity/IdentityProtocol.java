package dev.switchboard.it.app.identity;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.TreeSet;

/**
 * Answers every message with the connection's identity as {@code name|role,role|method|expiresAt}
 * ({@code anonymous} without one), so a test sees what the hub recorded for the connection.
 */
@ApplicationScoped
@Subprotocol(IdentityProtocol.NAME)
public class IdentityProtocol implements SubprotocolHandler {

    /** The subprotocol token. */
    public static final String NAME = "whoami.test.switchboard.dev";

    @Override
    public void onText(Connection connection, String message) {
        connection.sendText(
                connection.identity().map(IdentityProtocol::describe).orElse("anonymous"));
    }

    private static String describe(Identity identity) {
        return identity.name() + "|" + String.join(",", new TreeSet<>(identity.roles())) + "|" + identity.method() + "|"
                + identity.expiresAt().map(Object::toString).orElse("never");
    }
}
