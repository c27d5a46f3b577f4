package dev.switchboard.forward.internal;

import dev.switchboard.forward.Route;
import dev.switchboard.log.LogSafe;
import dev.switchboard.spi.Scheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Active health checks: every {@code health-interval} each upstream of a route with {@code health=/path} gets a
 * {@code GET} of that path (a 2xx or 3xx answer within the interval, at most 5 s, passes); {@code tcp://}
 * upstreams get a connect. The application's {@link Scheduler} times the checks; each check runs on a thread of
 * the forwarding client's executor, so a hanging upstream delays no other check and holds no scheduler thread,
 * and every check ends when that client closes. Closing this cancels the schedule.
 */
public final class HealthChecker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HealthChecker.class.getName());

    private final HttpClient client;
    private final List<Future<?>> schedules = new ArrayList<>();

    /**
     * Starts checking the pools whose route has a health path.
     *
     * @param pools     every pool
     * @param client    the client to send checks with
     * @param scheduler times the checks
     * @param runner    runs each check on a thread that ends when the client closes
     */
    public HealthChecker(List<UpstreamPool> pools, HttpClient client, Scheduler scheduler, Consumer<Runnable> runner) {
        this.client = client;
        for (UpstreamPool pool : pools) {
            Route route = pool.route();
            if (route.healthPath().isEmpty()) {
                continue;
            }
            for (Upstream upstream : pool.upstreams()) {
                schedules.add(scheduler.scheduleWithFixedDelay(
                        () -> runner.accept(() -> check(route, upstream)), Duration.ZERO, route.healthInterval()));
            }
        }
    }

    private void check(Route route, Upstream upstream) {
        Duration timeout = route.healthInterval().compareTo(Duration.ofSeconds(5)) < 0
                ? route.healthInterval()
                : Duration.ofSeconds(5);
        boolean ok;
        String detail;
        try {
            if (route.isTcpBridge()) {
                try (Socket socket = new Socket()) {
                    socket.connect(
                            new InetSocketAddress(
                                    upstream.base().getHost(), upstream.base().getPort()),
                            (int) timeout.toMillis());
                }
                ok = true;
                detail = "connected";
            } else {
                URI target = Targets.httpBase(upstream.base())
                        .resolve(route.healthPath().orElseThrow());
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(target).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                ok = response.statusCode() >= 200 && response.statusCode() < 400;
                detail = "status " + response.statusCode();
            }
        } catch (IOException | RuntimeException e) {
            ok = false;
            detail = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (upstream.checked(ok, route.healthyAfter(), route.unhealthyAfter())) {
            LOG.log(
                    ok ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                    "Forwarding route {0}: upstream {1} is {2} by health check ({3})",
                    route.name(),
                    upstream,
                    ok ? "back in rotation" : "out of rotation",
                    LogSafe.of(detail));
        }
    }

    @Override
    public void close() {
        for (Future<?> schedule : schedules) {
            schedule.cancel(false);
        }
    }
}
