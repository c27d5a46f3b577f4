package dev.switchboard.embedded.logs;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;

/** A test subprotocol that answers every text with {@code echo <text>} and every binary message with itself. */
@ApplicationScoped
@Subprotocol(EchoProbeProtocol.NAME)
public class EchoProbeProtocol implements SubprotocolHandler {

    static final String NAME = "wirelog.test.switchboard.dev";

    @Override
    public void onText(Connection connection, String message) {
        connection.sendText("echo " + message);
    }

    @Override
    public void onBinary(Connection connection, ByteBuffer message) {
        connection.sendBinary(message);
    }
}
