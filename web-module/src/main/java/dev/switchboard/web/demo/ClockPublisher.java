package dev.switchboard.web.demo;

import dev.switchboard.api.Gateway;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Publishes the server's time (ISO-8601, UTC, whole seconds) to {@value #CHANNEL} once a second while the channel
 * has subscribers; {@code clock.html} shows it through an {@code EventSource} on {@code /sse/$clock}.
 *
 * <p>Started when the application starts; its one daemon thread stops with the application.
 */
@ApplicationScoped
public class ClockPublisher {

    /** The channel the time is published to. */
    public static final String CHANNEL = "$clock";

    private Gateway gateway;
    private DemoTicker ticker;

    /** For the container's client proxy. */
    protected ClockPublisher() {}

    /**
     * Creates the publisher.
     *
     * @param gateway where the time is published
     */
    @Inject
    public ClockPublisher(Gateway gateway) {
        this.gateway = gateway;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (ticker == null) {
            ticker = new DemoTicker("switchboard-demo-clock", 1000, this::tick);
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
            ticker.close();
        }
    }
}
