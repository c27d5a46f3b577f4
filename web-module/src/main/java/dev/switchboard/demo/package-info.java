/**
 * The server side of the demo pages the web module serves: small beans that publish to channels through the
 * {@link dev.switchboard.api.Gateway}, so that the pages show Switchboard delivering its own data.
 *
 * <p>{@link dev.switchboard.demo.MonitorPublisher} publishes gateway statistics to
 * {@value dev.switchboard.demo.MonitorPublisher#CHANNEL} for {@code monitor.html};
 * {@link dev.switchboard.demo.ClockPublisher} publishes the time to
 * {@value dev.switchboard.demo.ClockPublisher#CHANNEL} for {@code clock.html}. Both work only while someone
 * is subscribed: an idle server pays one look at the channel set per second and bean.
 */
package dev.switchboard.demo;
