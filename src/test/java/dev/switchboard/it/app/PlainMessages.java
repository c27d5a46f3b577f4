package dev.switchboard.it.app;

import dev.switchboard.api.Connection;
import dev.switchboard.api.NoSubprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The handler of connections that offered no subprotocol: answers {@code plain:<message>}, and
 * {@link #WHOAMI} with {@code id:<connection id>} so a test can address its own connection.
 */
@ApplicationScoped
@NoSubprotocol
public class PlainMessages implements SubprotocolHandler {

    /** The message that asks for the connection's id. */
    public static final String WHOAMI = "whoami";

    @Override
    public void onText(Connection connection, String message) {
        connection.sendText(WHOAMI.equals(message) ? "id:" + connection.id() : "plain:" + message);
    }
}
