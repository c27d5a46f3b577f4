package dev.switchboard.embedded.auth;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Identity;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.TreeSet;

/**
 * A test subprotocol that answers every message with the connection's identity as
 * {@code name|role,role|method|expiresAt} ({@code anonymous} without one), and its request URI after a space, so
 * tests see what the hub recorded for the connection.
 */
@ApplicationScoped
@Subprotocol(IdentityProbeProtocol.NAME)
public class IdentityProbeProtocol implements SubprotocolHandler {

    static final String NAME = "whoami.test.switchboard.dev";

    @Override
    public void onText(Connection connection, String message) {
        String who = connection.identity().map(IdentityProbeProtocol::describe).orElse("anonymous");
        connection.sendText(who + " " + connection.requestUri());
    }

    private static String describe(Identity identity) {
        return identity.name() + "|" + String.join(",", new TreeSet<>(identity.roles())) + "|" + identity.method() + "|"
                + identity.expiresAt().map(Object::toString).orElse("never");
    }
}
