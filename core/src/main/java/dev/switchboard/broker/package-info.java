/**
 * The message broker of one node: {@link dev.switchboard.broker.MemoryBroker}, the default
 * {@link dev.switchboard.spi.Broker}, which orders publications per channel, appends them to the history and
 * hands every request back to this node's hub.
 *
 * <p>With a history store that never blocks, a publication is appended and delivered on the publisher's thread
 * under the channel's lock; with one that may block (JDBC), on the scheduler's threads, one bounded lane per
 * channel ({@code switchboard.broker.lane-capacity}, {@code switchboard.broker.lane-wait}). A publication carrying
 * an idempotency key is delivered once however often it is retried. A cluster broker implements the same SPI and
 * passes the same contract tests.
 */
package dev.switchboard.broker;
