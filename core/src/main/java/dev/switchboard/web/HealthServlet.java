package dev.switchboard.web;

import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.hub.ConnectionRegistry;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * {@code GET /health}: 200 with {@code {"status":"UP","version":…,"startedAt":…,"uptimeSeconds":…,
 * "connections":…}}. Load balancers and the tests poll it, so it does no I/O beyond the response.
 */
final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final Instant startedAt = Instant.now();
    private transient ConnectionRegistry registry;
    private String version;

    @Override
    public void init() {
        registry = BeanLookup.get(ConnectionRegistry.class);
        version = readVersion();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body = Json.createObjectBuilder()
                .add("status", "UP")
                .add("version", version)
                .add("startedAt", startedAt.toString())
                .add("uptimeSeconds", Duration.between(startedAt, Instant.now()).toSeconds())
                .add("connections", registry.count())
                .add("jvmUptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
                .build()
                .toString();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(body);
    }

    private static String readVersion() {
        try (InputStream in = HealthServlet.class.getResourceAsStream("/META-INF/switchboard/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
