package dev.switchboard.metrics;

import dev.switchboard.cdi.BeanLookup;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.firewall.AddressSet;
import dev.switchboard.http.PasswordChallenge;
import dev.switchboard.log.LogSafe;
import dev.switchboard.web.AdminGuard;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The Prometheus endpoint ({@code switchboard.metrics.path}, {@code /metrics} by default): the registry's meters in
 * the Prometheus text format 0.0.4, or in OpenMetrics 1.0 when the {@code Accept} header asks for
 * {@code application/openmetrics-text}.
 *
 * <p>Who may read it ({@code switchboard.metrics.access}): {@code loopback}, a direct peer on a loopback address
 * with no forwarding header in the request (a reverse proxy on the same host has a loopback address too; the headers
 * it adds tell its requests from a local scraper's), else 403; or {@code role}, an authenticated caller with
 * {@code switchboard.admin.role}, else 401 without credentials and 403 without the role. With metrics off, or when
 * the application's registry is not a Prometheus one and contains none, it answers 404 saying why.
 */
public final class MetricsServlet extends HttpServlet {

    private static final System.Logger LOG = System.getLogger(MetricsServlet.class.getName());

    /** Content type of the Prometheus text format. */
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    /** Content type of OpenMetrics. */
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private transient SwitchboardMetrics metrics;

    @Override
    public void init() {
        // Created by the container, so the bean is looked up rather than injected.
        metrics = BeanLookup.get(SwitchboardMetrics.class);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            text(response, 405, "Method not allowed: the metrics are read with GET");
            return;
        }
        if (!allowed(request, response)) {
            return;
        }
        if (!metrics.enabled()) {
            text(response, 404, "Not found: metrics are off (" + ConfigKeys.METRICS_ENABLED + " is false)");
            return;
        }
        Optional<PrometheusMeterRegistry> prometheus = metrics.prometheus();
        if (prometheus.isEmpty()) {
            String kind = metrics.applicationRegistryDescription();
            text(
                    response,
                    404,
                    "Not found: Switchboard's meters are in the application's MeterRegistry (" + kind
                            + "), which is not a Prometheus registry and contains none; read them where that"
                            + " registry publishes, or in JMX (dev.switchboard:type=Metrics)");
            return;
        }
        metrics.refresh();
        String accept = Optional.ofNullable(request.getHeader("Accept")).orElse("");
        String type =
                accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text") ? OPEN_METRICS : TEXT_FORMAT;
        response.setStatus(200);
        response.setContentType(type);
        response.setHeader("Cache-Control", "no-store");
        if (method.equals("HEAD")) {
            return;
        }
        OutputStream out = response.getOutputStream();
        prometheus.get().scrape(out, type);
        out.flush();
    }

    /** Applies the access rule; answers the refusal itself and returns false when the caller may not read. */
    private boolean allowed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        MetricsSettings settings = metrics.settings();
        if (settings.access() == MetricsSettings.Access.LOOPBACK) {
            Optional<String> forwarding = AdminGuard.forwardingHeader(request);
            boolean loopback = AddressSet.literal(request.getRemoteAddr())
                    .map(InetAddress::isLoopbackAddress)
                    .orElse(false);
            if (forwarding.isPresent() || !loopback) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "Refused a metrics request from {0}: {1}",
                        LogSafe.of(request.getRemoteAddr()),
                        forwarding
                                .map(h -> "it came through a proxy (" + h + ")")
                                .orElse("not a loopback peer"));
                text(
                        response,
                        403,
                        "Forbidden: the metrics answer loopback callers only, without a proxy in between ("
                                + ConfigKeys.METRICS_ACCESS + "=loopback)");
                return false;
            }
            return true;
        }
        if (request.getUserPrincipal() == null) {
            response.setHeader("WWW-Authenticate", PasswordChallenge.of(request, "Switchboard"));
            text(response, 401, "Authentication required: the metrics need the role " + settings.role());
            return false;
        }
        if (!request.isUserInRole(settings.role())) {
            text(response, 403, "Forbidden: the metrics need the role " + settings.role());
            return false;
        }
        return true;
    }

    private static void text(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write((body + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
