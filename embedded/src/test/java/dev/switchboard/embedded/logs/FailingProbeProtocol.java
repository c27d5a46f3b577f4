package dev.switchboard.embedded.logs;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;

/** A test subprotocol whose handler fails on {@code fail}, so the server logs an error with a connection and a stack. */
@ApplicationScoped
@Subprotocol(FailingProbeProtocol.NAME)
public class FailingProbeProtocol implements SubprotocolHandler {

    static final String NAME = "failing.test.switchboard.dev";

    @Override
    public void onText(Connection connection, String message) {
        if (message.equals("fail")) {
            throw new IllegalStateException("the probe failed \"on purpose\"\nsecond line");
        }
        connection.sendText("ok " + message);
    }
}
