/**
 * The stages of the firewall pipeline, one job each, run in the order {@link
 * dev.switchboard.firewall.internal.stage.Stage} defines: address lists, bans, brute force, connection limits, message
 * limits, GeoIP, custom rules, detectors. {@link dev.switchboard.firewall.internal.stage.Pipeline} runs them and
 * accounts for every refusal; {@link dev.switchboard.firewall.Firewall} assembles them.
 */
package dev.switchboard.firewall.internal.stage;
