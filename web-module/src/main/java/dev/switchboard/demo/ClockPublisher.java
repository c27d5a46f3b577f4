package dev.switchboard.demo;

import dev.switchboard.api.Gateway;
import dev.switchboard.spi.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Publishes the server's time (ISO-8601, UTC, whole seconds) to {@value #CHANNEL} once a second while the channel
 * has subscribers; {@code clock.html} shows it through an {@code EventSource} on {@code /sse/$clock}.
 *
 * <p>Started when the application starts, on the application's {@link Scheduler}; stopped with the application.
 */
@ApplicationScoped
public class ClockPublisher extends PublishedEverySecond {

    /** The channel the time is published to. */
    public static final String CHANNEL = "$clock";

    /** For the container's client proxy. */
    protected ClockPublisher() {}

    /**
     * Creates the publisher.
     *
     * @param gateway where the time is published
     * @param scheduler runs the once-a-second tick
     */
    @Inject
    public ClockPublisher(Gateway gateway, Scheduler scheduler) {
        super(gateway, scheduler);
    }

    /** Publishes the time when someone listens. */
    @Override
    void tick() {
        if (gateway.channels().contains(CHANNEL)) {
            gateway.publish(
                    CHANNEL, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        }
    }
}
