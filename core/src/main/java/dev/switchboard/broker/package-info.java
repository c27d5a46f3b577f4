/**
 * The brokers: {@link dev.switchboard.broker.MemoryBroker}, the {@link dev.switchboard.spi.Broker} of one node and
 * the default, and {@link dev.switchboard.broker.JmsBroker}, the cluster's, which carries every request between
 * nodes over one Jakarta Messaging topic; {@link dev.switchboard.broker.BrokerProducer} chooses one by
 * {@code switchboard.cluster.enabled}.
 *
 * <p>Both order publications per channel and append them to the history. With a history store that never blocks,
 * a publication is appended and delivered on the publisher's thread under the channel's lock; with one that may
 * block (JDBC), on the scheduler's threads, one bounded lane per channel ({@code switchboard.broker.lane-capacity},
 * {@code switchboard.broker.lane-wait}). A publication carrying an idempotency key is delivered once however often
 * it is retried. Both pass the same contract tests.
 */
package dev.switchboard.broker;
