package dev.switchboard.it.app;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/** Answers every text message with the message in upper case. */
@ApplicationScoped
@Subprotocol(UpperProtocol.NAME)
public class UpperProtocol implements SubprotocolHandler {

    /** The subprotocol token. */
    public static final String NAME = "upper.test.switchboard.dev";

    @Override
    public void onText(Connection connection, String message) {
        connection.sendText(message.toUpperCase(Locale.ROOT));
    }
}
