package dev.switchboard.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A CDI event fired synchronously when this node starts draining, after new connections are already refused. The
 * transports and subprotocols observe it to tell their clients to reconnect elsewhere (the sgc protocol sends
 * {@code sgc@drain}, the SSE transport a {@code drain} event); an application may observe it too.
 *
 * <p>Fired on the thread that started the drain (an admin request, a JMX call, the shutdown hook, the undeploy).
 * Observers must only queue what they send; an observer that throws is logged and the drain goes on.
 *
 * @param retryAfter how long a client should wait before it reconnects to this node, if it has no other
 * @param deadline   when the connections still open are closed with 1001
 * @param startedBy  who started the drain
 */
public record DrainStarted(Duration retryAfter, Instant deadline, String startedBy) {

    /** Validates. */
    public DrainStarted {
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(startedBy, "startedBy");
    }
}
