package dev.switchboard.embedded;

import dev.switchboard.api.Connection;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A test-only subprotocol bean, added to Weld by the tests that need it. It answers with the number of open
 * connections from an injected core bean, proving that the bean was created and injected by CDI.
 */
@ApplicationScoped
@Subprotocol(EchoTestProtocol.NAME)
public class EchoTestProtocol implements SubprotocolHandler {

    static final String NAME = "echo.test.switchboard.dev";

    @Inject
    ConnectionRegistry registry;

    @Override
    public void onText(Connection connection, String message) {
        connection.sendText("echo:" + message + " (connections: " + registry.count() + ")");
    }
}
