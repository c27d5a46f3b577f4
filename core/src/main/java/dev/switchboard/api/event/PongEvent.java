package dev.switchboard.api.event;

import dev.switchboard.api.Connection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/**
 * A pong arrived on a WebSocket connection: the answer to the heartbeat's ping, to a {@link
 * dev.switchboard.api.Gateway#ping} measurement, or an unsolicited one (RFC 6455 section 5.5.3 allows a pong as a
 * one-way heartbeat). Fired after the connection's handler saw it in {@link
 * dev.switchboard.spi.SubprotocolHandler#onPong}. The buffer is read-only, at most 125 bytes.
 *
 * @param connection the connection
 * @param payload    the pong's application data
 * @param roundTrip  the measured round trip when this pong answered a {@code Gateway.ping}, else empty
 */
public record PongEvent(Connection connection, ByteBuffer payload, Optional<Duration> roundTrip) {}
