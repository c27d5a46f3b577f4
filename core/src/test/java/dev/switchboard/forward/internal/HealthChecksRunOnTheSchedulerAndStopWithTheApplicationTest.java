package dev.switchboard.forward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.forward.Route;
import dev.switchboard.schedule.ManagedScheduler;
import dev.switchboard.spi.Scheduler;
import dev.switchboard.testing.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthChecksRunOnTheSchedulerAndStopWithTheApplicationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private HttpServer upstream;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger checks = new AtomicInteger();
    private ScheduledThreadPoolExecutor executor;
    private UpstreamClient client;

    @BeforeEach
    void start() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/health", exchange -> {
            checks.incrementAndGet();
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        upstream.start();
        executor = (ScheduledThreadPoolExecutor) ManagedScheduler.ownedExecutor(1);
        client = new UpstreamClient(Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        client.close();
        executor.shutdownNow();
        upstream.stop(0);
    }

    private UpstreamPool pool() {
        return new UpstreamPool(Route.parse(
                        "/r=http://127.0.0.1:" + upstream.getAddress().getPort()
                                + "/ health=/health health-interval=100ms unhealthy-after=1 healthy-after=1",
                        Duration.ofSeconds(30))
                .getFirst());
    }

    @Test
    void aFailingCheckTakesTheUpstreamOutAndAPassingOneBringsItBack() throws Exception {
        UpstreamPool pool = pool();
        status.set(500);
        try (HealthChecker health =
                new HealthChecker(List.of(pool), client.http(), Scheduler.of(executor), client::execute)) {
            Await.until(
                    "the upstream leaves the rotation",
                    DEADLINE,
                    () -> pool.choose(null, Set.of()).isEmpty());
            status.set(204);
            Await.until(
                    "the upstream comes back",
                    DEADLINE,
                    () -> pool.choose(null, Set.of()).isPresent());
        }
    }

    @Test
    void closingCancelsEveryScheduledCheck() throws Exception {
        try (HealthChecker health =
                new HealthChecker(List.of(pool()), client.http(), Scheduler.of(executor), client::execute)) {
            Await.until("checks run repeatedly", DEADLINE, () -> checks.get() >= 2);
            assertThat(executor.getQueue()).isNotEmpty();
        }

        assertThat(executor.getQueue()).as("nothing left scheduled").isEmpty();
    }

    @Test
    void closingTheClientEndsItsSelectorAndTaskThreadsAndDropsLaterTasks() throws Exception {
        try (HealthChecker health =
                new HealthChecker(List.of(pool()), client.http(), Scheduler.of(executor), client::execute)) {
            Await.until("a check ran", DEADLINE, () -> checks.get() >= 1);
        }

        client.close();

        assertThat(client.isClosed()).isTrue();
        assertThat(client.http().isTerminated())
                .as("the HTTP client's threads ended")
                .isTrue();
        AtomicInteger ran = new AtomicInteger();
        client.execute(ran::incrementAndGet);
        assertThat(ran).hasValue(0);
    }
}
