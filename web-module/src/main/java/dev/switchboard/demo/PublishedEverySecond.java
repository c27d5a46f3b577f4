package dev.switchboard.demo;

import dev.switchboard.api.Gateway;
import dev.switchboard.spi.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Future;

/**
 * A demo publisher that ticks once a second on the application's {@link Scheduler} from the application's start
 * until its stop. Runs of the tick never overlap: each is scheduled after the previous one ended.
 */
abstract class PublishedEverySecond {

    private static final Duration PERIOD = Duration.ofSeconds(1);

    /** Where the tick publishes; null only in the container's client proxy. */
    protected Gateway gateway;

    private Scheduler scheduler;
    private Future<?> ticker;

    /** For the container's client proxy. */
    protected PublishedEverySecond() {}

    /**
     * Creates the publisher.
     *
     * @param gateway where the tick publishes
     * @param scheduler runs the tick
     */
    protected PublishedEverySecond(Gateway gateway, Scheduler scheduler) {
        this.gateway = gateway;
        this.scheduler = scheduler;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (ticker == null) {
            ticker = scheduler.scheduleWithFixedDelay(this::tick, PERIOD, PERIOD);
        }
    }

    /** One tick: publishes when someone listens. */
    abstract void tick();

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
    }
}
