package dev.switchboard.admin;

/**
 * The node's drain as JMX shows it ({@code dev.switchboard:type=Drain,context=<context path>}). Changes made here are
 * logged with the actor {@code jmx}.
 */
public interface DrainMXBean {

    /**
     * Whether the node is draining.
     *
     * @return true while draining
     */
    boolean isDraining();

    /**
     * When the drain started.
     *
     * @return an ISO-8601 instant, or null when not draining
     */
    String getSince();

    /**
     * When the connections still open are closed.
     *
     * @return an ISO-8601 instant, or null when not draining
     */
    String getDeadline();

    /**
     * Who started the drain.
     *
     * @return a user name, {@code jmx}, {@code signal} or {@code undeploy}; null when not draining
     */
    String getStartedBy();

    /**
     * Starts draining.
     *
     * @param seconds how long clients get before the rest are closed; negative for the configured default
     * @return false when the node was already draining
     */
    boolean startDrain(long seconds);

    /**
     * Cancels a drain.
     *
     * @return false when the node was not draining
     */
    boolean cancelDrain();
}
