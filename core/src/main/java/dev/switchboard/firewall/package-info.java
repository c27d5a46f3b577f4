/**
 * The firewall: address allow/deny lists with CIDR ranges, trusted-proxy client resolution, bans (brute force fed
 * by failed-authentication events, escalation, threat score; persisted in JDBC or a file), per-address connection
 * rate and concurrent caps, GeoIP, custom {@link dev.switchboard.spi.FirewallRule} beans, per-address message flood
 * and payload limits, and opt-in SQL injection, XSS, path traversal and command injection detectors.
 * {@link dev.switchboard.firewall.Firewall} is the service, assembling the pipeline of stages whose order
 * {@code internal.stage.Stage} writes down;
 * {@link dev.switchboard.firewall.FirewallFilter} is the first filter of the chain and the hub calls the firewall for
 * every inbound message through {@link dev.switchboard.spi.InboundMessageCheck}. See {@code docs/firewall.md}.
 */
package dev.switchboard.firewall;
