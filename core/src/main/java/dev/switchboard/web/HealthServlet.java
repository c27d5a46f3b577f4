package dev.switchboard.web;

import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.hub.ConnectionRegistry;
import dev.switchboard.ops.Health;
import dev.switchboard.spi.Broker;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /health/live} and {@code GET /health/ready}: the node's {@link Health} in the MicroProfile Health shape,
 * 200 when UP and 503 when DOWN; any other path below {@code /health/} is 404.
 *
 * <p>{@code GET /health}: 200 with {@code {"status":"UP","version":…,"startedAt":…,"uptimeSeconds":…,
 * "connections":…}}. Load balancers and the tests poll it, so it does no I/O beyond the response.
 *
 * <p>With clustering on it adds {@code "cluster":{"node":…,"linked":…}}; while the node is cut off from the
 * cluster's messaging broker the status is {@code DOWN} with 503, so a load balancer sends new clients to a node
 * that reaches the others (this node keeps serving the clients it has).
 */
final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final Instant startedAt = Instant.now();
    private transient ConnectionRegistry registry;
    private transient Broker broker;
    private transient ClusterSettings cluster;
    private transient Health health;
    private String version;

    @Override
    public void init() {
        registry = BeanLookup.get(ConnectionRegistry.class);
        broker = BeanLookup.get(Broker.class);
        cluster = BeanLookup.get(ClusterSettings.class);
        health = BeanLookup.get(Health.class);
        version = BuildVersion.read();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String probe = request.getPathInfo();
        if (probe != null && !probe.equals("/")) {
            switch (probe) {
                case "/live" -> write(response, health.live());
                case "/ready" -> write(response, health.ready());
                default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
            return;
        }
        boolean linked = broker.linked();
        JsonObjectBuilder health = Json.createObjectBuilder()
                .add("status", linked ? "UP" : "DOWN")
                .add("version", version)
                .add("startedAt", startedAt.toString())
                .add("uptimeSeconds", Duration.between(startedAt, Instant.now()).toSeconds())
                .add("connections", registry.count())
                .add("jvmUptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        if (cluster.enabled()) {
            health.add(
                    "cluster",
                    Json.createObjectBuilder().add("node", cluster.nodeId()).add("linked", linked));
        }
        String body = health.build().toString();
        response.setStatus(linked ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body);
    }

    private static void write(HttpServletResponse response, Health.Report report) throws IOException {
        response.setStatus(report.up() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(report.toJson().toString());
    }
}
