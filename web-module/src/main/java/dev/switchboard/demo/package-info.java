/**
 * The server side of the demo pages the web module serves: small beans that publish to channels through the
 * {@link dev.switchboard.api.Gateway}, so that the pages show Switchboard delivering its own data.
 *
 * <p>{@link dev.switchboard.demo.ClockPublisher} publishes the time to
 * {@value dev.switchboard.demo.ClockPublisher#CHANNEL} for {@code clock.html}; it works only while someone is
 * subscribed, so an idle server pays one look at the channel set per second. The operator's page
 * {@code monitor.html} needs no bean of its own: it reads the admin REST API.
 */
package dev.switchboard.demo;
