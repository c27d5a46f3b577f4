package dev.switchboard.it.app.conflict;

import dev.switchboard.api.Subprotocol;
import dev.switchboard.it.app.EchoProtocol;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.context.ApplicationScoped;

/** Claims {@link EchoProtocol#NAME} a second time. */
@ApplicationScoped
@Subprotocol(EchoProtocol.NAME)
public class SecondEchoProtocol implements SubprotocolHandler {}
