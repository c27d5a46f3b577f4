package dev.switchboard.demo;

import dev.switchboard.api.Connection;
import dev.switchboard.api.ConnectionStats;
import dev.switchboard.api.Gateway;
import dev.switchboard.api.Transport;
import dev.switchboard.spi.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes the gateway's statistics to {@value #CHANNEL} once a second while the channel has subscribers, for
 * {@code monitor.html}: a JSON object
 * {@code {"time":"…","connections":3,"websocket":2,"sse":1,"channels":4,"messagesInPerSecond":1.0,
 * "messagesOutPerSecond":12.0,"queued":0,"uptimeSeconds":42}}.
 *
 * <p>Message rates are the growth of the open connections' counters since the previous snapshot (a connection that
 * closed in between no longer counts), so a snapshot costs one pass over the connections; with nobody subscribed
 * the cost is one look at the channel set. The monitor's own publications are counted too.
 */
@ApplicationScoped
public class MonitorPublisher extends PublishedEverySecond {

    /** The channel the statistics are published to. */
    public static final String CHANNEL = "$monitor";

    private final Instant started = Instant.now();
    // Only the tick touches these; its runs never overlap and each follows the previous through the executor's queue.
    private Map<String, long[]> previous = new HashMap<>();
    private long previousNanos;

    /** For the container's client proxy. */
    protected MonitorPublisher() {}

    /**
     * Creates the publisher.
     *
     * @param gateway what is measured and where the statistics are published
     * @param scheduler runs the once-a-second tick
     */
    @Inject
    public MonitorPublisher(Gateway gateway, Scheduler scheduler) {
        super(gateway, scheduler);
    }

    /** Publishes a snapshot when someone listens; otherwise forgets the counters so the next rate starts afresh. */
    @Override
    void tick() {
        if (!gateway.channels().contains(CHANNEL)) {
            previous = new HashMap<>();
            return;
        }
        gateway.publish(CHANNEL, snapshot(System.nanoTime()));
    }

    /**
     * The statistics now, as JSON.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     * @return the JSON text
     */
    String snapshot(long nowNanos) {
        List<Connection> connections = gateway.connections();
        Map<String, long[]> counters = new HashMap<>(connections.size() * 2);
        long in = 0;
        long out = 0;
        long queued = 0;
        long budgetRefusals = 0;
        int webSocket = 0;
        int sse = 0;
        for (Connection connection : connections) {
            ConnectionStats stats = connection.stats();
            long[] before = previous.getOrDefault(connection.id(), new long[2]);
            in += stats.messagesIn() - before[0];
            out += stats.messagesOut() - before[1];
            queued += stats.queued();
            budgetRefusals += stats.budgetRefusals();
            counters.put(connection.id(), new long[] {stats.messagesIn(), stats.messagesOut()});
            if (connection.transport() == Transport.SSE) {
                sse++;
            } else if (connection.transport() == Transport.WEBSOCKET) {
                webSocket++;
            }
        }
        double seconds = previousNanos == 0 || previous.isEmpty() ? 0 : (nowNanos - previousNanos) / 1e9;
        previous = counters;
        previousNanos = nowNanos;
        return Json.createObjectBuilder()
                .add("time", Instant.now().toString())
                .add("connections", connections.size())
                .add("websocket", webSocket)
                .add("sse", sse)
                .add("channels", gateway.channels().size())
                .add("messagesInPerSecond", seconds > 0 ? round(in / seconds) : 0)
                .add("messagesOutPerSecond", seconds > 0 ? round(out / seconds) : 0)
                .add("queued", queued)
                .add("budgetRefusals", budgetRefusals)
                .add("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds())
                .build()
                .toString();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
