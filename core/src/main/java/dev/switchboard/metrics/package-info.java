/**
 * Metrics: Switchboard's figures as Micrometer meters, served in the Prometheus text format and shown in JMX.
 *
 * <p>{@link dev.switchboard.metrics.SwitchboardMetrics} chooses the registry (the application's {@code MeterRegistry}
 * bean when there is one, else a Prometheus registry of its own) and registers the meters. Most meters are functions
 * over totals the hub, firewall and authentication keep anyway, read once per scrape (cached for
 * {@code switchboard.metrics.reading-ttl}), so counting costs nothing on the message path; only the publish-to-enqueue
 * timer, the cluster lag timer and the forwarding timer record per event. With {@code switchboard.metrics.enabled}
 * false no meter is registered and no timer records.
 */
package dev.switchboard.metrics;
