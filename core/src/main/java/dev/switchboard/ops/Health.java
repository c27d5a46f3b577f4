package dev.switchboard.ops;

import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.config.DataSources;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.spi.Broker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The node's liveness and readiness, in the shape of MicroProfile Health
 * ({@code {"status":"UP"|"DOWN","checks":[{"name":…,"status":…,"data":{…}}]}}), for {@code /health/live} and
 * {@code /health/ready}.
 *
 * <ul>
 *   <li>Live: the application has started and has not stopped ({@code hub}). A DOWN here means a restart helps.</li>
 *   <li>Ready: live, and not draining ({@code drain}), and linked to the cluster when clustering is on
 *       ({@code cluster}), and every DataSource a store uses answers ({@code datasource}, checked at most once a
 *       second with a short timeout). A DOWN here means: send no new clients to this node.</li>
 * </ul>
 */
@ApplicationScoped
public class Health {

    /**
     * One named check.
     *
     * @param name the check's name
     * @param up   whether it passes
     * @param data what it found
     */
    public record Check(String name, boolean up, JsonObject data) {}

    /**
     * A report: UP when every check is.
     *
     * @param checks the checks, in a fixed order
     */
    public record Report(List<Check> checks) {

        /** Copies. */
        public Report {
            checks = List.copyOf(checks);
        }

        /**
         * Whether every check passes.
         *
         * @return true when UP
         */
        public boolean up() {
            return checks.stream().allMatch(Check::up);
        }

        /**
         * The MicroProfile Health JSON of the report.
         *
         * @return the JSON object
         */
        public JsonObject toJson() {
            JsonArrayBuilder list = Json.createArrayBuilder();
            for (Check check : checks) {
                list.add(Json.createObjectBuilder()
                        .add("name", check.name())
                        .add("status", status(check.up()))
                        .add("data", check.data()));
            }
            return Json.createObjectBuilder()
                    .add("status", status(up()))
                    .add("checks", list)
                    .build();
        }

        private static String status(boolean up) {
            return up ? "UP" : "DOWN";
        }
    }

    private ConnectionRegistry registry;
    private Drain drain;
    private Broker broker;
    private ClusterSettings cluster;
    private DataSources dataSources;
    private Clock clock;
    private final ConcurrentHashMap<String, DataSourceProbe> probes = new ConcurrentHashMap<>();
    private volatile Instant startedAt;
    private volatile Instant stoppedAt;

    /** For the container's client proxy. */
    protected Health() {}

    /**
     * Creates the health of the deployment.
     *
     * @param registry    the open connections
     * @param drain       the drain
     * @param broker      the broker, whose cluster link counts
     * @param cluster     the cluster settings
     * @param dataSources the DataSources the stores use
     */
    @Inject
    public Health(
            ConnectionRegistry registry, Drain drain, Broker broker, ClusterSettings cluster, DataSources dataSources) {
        this.registry = registry;
        this.drain = drain;
        this.broker = broker;
        this.cluster = cluster;
        this.dataSources = dataSources;
        this.clock = Clock.systemUTC();
    }

    /** The application has started: the hub takes connections. Called once by the servlet context listener. */
    public void started() {
        startedAt = clock.instant();
        stoppedAt = null;
    }

    /** The application is stopping. Called by the servlet context listener. */
    public void stopping() {
        stoppedAt = clock.instant();
    }

    /**
     * Liveness.
     *
     * @return the report
     */
    public Report live() {
        return new Report(List.of(hub()));
    }

    /**
     * Readiness.
     *
     * @return the report
     */
    public Report ready() {
        List<Check> checks = new ArrayList<>();
        checks.add(hub());
        checks.add(drainCheck());
        if (cluster.enabled()) {
            boolean linked = broker.linked();
            checks.add(new Check(
                    "cluster",
                    linked,
                    Json.createObjectBuilder()
                            .add("node", cluster.nodeId())
                            .add("linked", linked)
                            .build()));
        }
        Map<String, DataSource> used = new TreeMap<>(dataSources.inUse());
        used.forEach((name, dataSource) -> {
            DataSourceProbe.Result result = probes.computeIfAbsent(name, n -> new DataSourceProbe(n, dataSource, clock))
                    .check();
            checks.add(new Check(
                    "datasource",
                    result.valid(),
                    Json.createObjectBuilder()
                            .add("jndiName", name)
                            .add("detail", result.detail())
                            .add("checkedAt", result.checkedAt().toString())
                            .build()));
        });
        return new Report(checks);
    }

    private Check hub() {
        Instant started = startedAt;
        Instant stopped = stoppedAt;
        JsonObjectBuilder data = Json.createObjectBuilder().add("connections", registry.count());
        if (started != null) {
            data.add("startedAt", started.toString());
        }
        if (stopped != null) {
            data.add("stoppingSince", stopped.toString());
        }
        return new Check("hub", started != null && stopped == null, data.build());
    }

    private Check drainCheck() {
        Drain.Status status = drain.status();
        JsonObjectBuilder data = Json.createObjectBuilder().add("draining", status.draining());
        status.since().ifPresent(since -> data.add("since", since.toString()));
        status.deadline().ifPresent(deadline -> data.add("deadline", deadline.toString()));
        // Who started it stays out: the probe is often open to anyone, and the actor may be a user name.
        return new Check("drain", !status.draining(), data.build());
    }
}
