package dev.switchboard.demo;

import dev.switchboard.api.Gateway;
import dev.switchboard.spi.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Future;

/**
 * Publishes the server's time (ISO-8601, UTC, whole seconds) to {@value #CHANNEL} once a second while the channel
 * has subscribers; {@code clock.html} shows it through an {@code EventSource} on {@code /sse/$clock}.
 *
 * <p>Started when the application starts, on the application's {@link Scheduler}; stopped with the application.
 */
@ApplicationScoped
public class ClockPublisher {

    /** The channel the time is published to. */
    public static final String CHANNEL = "$clock";

    private static final Duration PERIOD = Duration.ofSeconds(1);

    private Gateway gateway;
    private Scheduler scheduler;
    private Future<?> ticker;

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
        this.gateway = gateway;
        this.scheduler = scheduler;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (ticker == null) {
            ticker = scheduler.scheduleWithFixedDelay(this::tick, PERIOD, PERIOD);
        }
    }

    /** Publishes the time when someone listens. */
    void tick() {
        if (gateway.channels().contains(CHANNEL)) {
            gateway.publish(
                    CHANNEL, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        }
    }

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
    }
}
