package dev.switchboard.hub;

import dev.switchboard.api.Transport;
import java.util.Objects;

/**
 * The traffic of one kind of connection (transport and subprotocol) since the node started: the open connections'
 * counters plus those of every connection that has closed. Totals only grow, so they suit monotonic counters
 * (Prometheus {@code _total}) and rates computed from two readings.
 *
 * @param transport   the transport
 * @param subprotocol the negotiated subprotocol, or {@value #NO_SUBPROTOCOL}
 * @param open        connections of this kind open now
 * @param opened      connections of this kind opened since the start
 * @param messagesIn  messages received from clients
 * @param messagesOut messages handed to the transport for clients
 * @param bytesIn     payload bytes received
 * @param bytesOut    payload bytes handed to the transport
 */
public record Traffic(
        Transport transport,
        String subprotocol,
        long open,
        long opened,
        long messagesIn,
        long messagesOut,
        long bytesIn,
        long bytesOut) {

    /** The subprotocol of connections that negotiated none. */
    public static final String NO_SUBPROTOCOL = "none";

    /** Validates. */
    public Traffic {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(subprotocol, "subprotocol");
    }
}
