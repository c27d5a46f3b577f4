package dev.switchboard.embedded.autobahn;

import dev.switchboard.api.Connection;
import dev.switchboard.api.NoSubprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;

/** Echoes every text and binary message back, as the Autobahn|Testsuite fuzzing client expects. */
@ApplicationScoped
@NoSubprotocol
public class AutobahnEchoHandler implements SubprotocolHandler {

    @Override
    public void onText(Connection connection, String message) {
        connection.sendText(message);
    }

    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        connection.sendBinary(message);
    }
}
