package dev.switchboard.bench;

import dev.switchboard.api.Connection;
import dev.switchboard.api.NoSubprotocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The echo handler of the Switchboard server under test: connections without a subprotocol get every text back.
 * It is the Switchboard counterpart of {@link RawEchoEndpoint}, so the echo scenario measures what Switchboard adds
 * (handshake filter, hub registration, serial handler calls, outbound queue) on top of the container.
 */
@ApplicationScoped
@NoSubprotocol
public class BenchEchoHandler implements SubprotocolHandler {

    @Override
    public void onText(Connection connection, String message) {
        connection.sendText(message);
    }
}
