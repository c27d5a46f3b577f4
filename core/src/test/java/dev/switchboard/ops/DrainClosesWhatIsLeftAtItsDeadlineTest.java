package dev.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Transport;
import dev.switchboard.hub.BaseConnection;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.hub.HandshakeInfo;
import dev.switchboard.schedule.ManagedScheduler;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.spi.SubprotocolHandler;
import dev.switchboard.testing.MutableClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The drain's own work on the scheduler: one notice when it starts, the connections still open closed with 1001 at
 * its deadline, complete as soon as none is left, and nothing closed after a cancel.
 */
class DrainClosesWhatIsLeftAtItsDeadlineTest {

    /** A connection that leaves the registry when closed, as the transports make theirs do. */
    private final class Open extends BaseConnection {
        volatile Integer closeCode;

        Open() {
            super(
                    Transport.WEBSOCKET,
                    null,
                    new SubprotocolHandler() {},
                    new HandshakeInfo(
                            InetSocketAddress.createUnresolved("127.0.0.1", 50000),
                            InetSocketAddress.createUnresolved("127.0.0.1", 8080),
                            URI.create("/"),
                            Map.of(),
                            Optional.empty()),
                    16,
                    1 << 16);
            registry.add(this);
        }

        @Override
        protected void write(Object frame, Runnable done, Consumer<Throwable> failed) {
            done.run();
        }

        @Override
        protected void closeTransport(int code, String reason) {
            closeCode = code;
            registry.remove(this);
        }

        @Override
        protected void ping() {}
    }

    private final ScheduledExecutorService executor = ManagedScheduler.ownedExecutor(1);
    private final Scheduler scheduler = Scheduler.of(executor);
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final List<DrainStarted> notices = new CopyOnWriteArrayList<>();
    private final Drain drain = new Drain(
            Clock.systemUTC(),
            registry,
            scheduler,
            new DrainSettings(Duration.ofSeconds(30), Duration.ofSeconds(4), Duration.ofSeconds(5)),
            notices::add);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void connectionsStillOpenAtTheDeadlineAreClosedWithGoingAway() {
        Open first = new Open();
        Open second = new Open();

        assertThat(drain.start(Duration.ofMillis(200), "operator")).isPresent();

        assertThat(notices).singleElement().satisfies(notice -> {
            assertThat(notice.retryAfter()).isEqualTo(Duration.ofSeconds(4));
            assertThat(notice.startedBy()).isEqualTo("operator");
        });
        assertThat(drain.awaitDrained(Duration.ofSeconds(10))).isTrue();
        assertThat(first.closeCode).isEqualTo(1001);
        assertThat(second.closeCode).isEqualTo(1001);
        assertThat(drain.draining()).isTrue();
        assertThat(drain.start(Duration.ZERO, "again"))
                .as("one drain at a time")
                .isEmpty();
        assertThat(notices).hasSize(1);
    }

    @Test
    void aDrainIsCompleteWhenTheLastConnectionLeavesBeforeTheDeadline() {
        Open staying = new Open();
        drain.start(Duration.ofMinutes(10), "operator");
        assertThat(drain.awaitDrained(Duration.ofMillis(300))).isFalse();

        staying.close(1000, "bye");

        assertThat(drain.awaitDrained(Duration.ofSeconds(10))).isTrue();
        assertThat(staying.closeCode).isEqualTo(1000);
    }

    @Test
    void aCancelledDrainClosesNothing() throws Exception {
        MutableClock clock = new MutableClock();
        Drain manual = new Drain(clock, registry, scheduler, DrainSettings.DEFAULTS, notices::add);
        Open staying = new Open();
        manual.start(Duration.ofMinutes(1), "operator");

        assertThat(manual.cancel("operator")).isTrue();
        clock.advance(Duration.ofMinutes(2));

        // The executor has one thread: a task due after several watch periods runs after any watch due before it.
        CompletableFuture<Void> later = new CompletableFuture<>();
        scheduler.schedule(() -> later.complete(null), Drain.WATCH_PERIOD.multipliedBy(3));
        later.get(10, TimeUnit.SECONDS);
        assertThat(staying.isOpen()).isTrue();
        assertThat(registry.count()).isEqualTo(1);
        assertThat(manual.draining()).isFalse();
        assertThat(manual.awaitDrained(Duration.ZERO)).as("nothing to wait for").isTrue();
    }
}
