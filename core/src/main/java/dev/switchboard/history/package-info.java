/**
 * Message history for resuming clients: the configured {@link dev.switchboard.spi.HistoryStore} (in memory,
 * JDBC, or none), the {@link dev.switchboard.history.ReplayPlanner} that decides from a store what a resuming client
 * is replayed and when it must be told of a gap, and the resume cursor that carries a client's positions on several
 * channels in one token.
 *
 * <p>Every publication to a channel gets the channel's next offset from the broker's append; the channel's epoch
 * changes when its history is lost. A client resumes from {@code (epoch, offset)} per channel: with the same epoch
 * and nothing evicted it gets every missed publication, otherwise an explicit gap first (see
 * {@link dev.switchboard.spi.ReplayPlan}). Transports ask the broker, through the hub, so a cluster broker can serve
 * the replay. Store implementations live in {@code dev.switchboard.history.internal}.
 */
package dev.switchboard.history;
