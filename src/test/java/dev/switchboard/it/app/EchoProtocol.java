package dev.switchboard.it.app;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;

/** Answers every text message with {@code echo:<message>}. */
@ApplicationScoped
@Subprotocol(EchoProtocol.NAME)
public class EchoProtocol implements SubprotocolHandler {

    /** The subprotocol token. */
    public static final String NAME = "echo.test.switchboard.dev";

    @Override
    public void onText(Connection connection, String message) {
        connection.sendText("echo:" + message);
    }
}
