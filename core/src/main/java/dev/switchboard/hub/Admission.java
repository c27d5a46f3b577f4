package dev.switchboard.hub;

import dev.switchboard.cdi.Beans;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.spi.CheckResult;
import dev.switchboard.spi.UpgradeCheck;
import dev.switchboard.spi.UpgradeRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a new connection may open, the same way for every transport: the connection limit, then the
 * application's {@link UpgradeCheck} beans in {@code @Priority} order (the first permit accepts, the first reject
 * refuses, not-applicable passes on). The origin policy and subprotocol negotiation are the transports' part,
 * between the two.
 */
@ApplicationScoped
public class Admission {

    private static final System.Logger LOG = System.getLogger(Admission.class.getName());

    @Inject
    SwitchboardConfig config;

    @Inject
    Hub hub;

    @Inject
    @Any
    Instance<UpgradeCheck> checkBeans;

    private List<UpgradeCheck> checks = List.of();

    @PostConstruct
    void collect() {
        checks = Beans.ordered(checkBeans);
    }

    /**
     * Checks the connection limit.
     *
     * @return the refusal (503) when the node already has {@code switchboard.max-connections} connections
     */
    public Optional<CheckResult.Reject> overLimit() {
        // Counted before the connection opens: concurrent handshakes may overshoot by the number in flight.
        if (config.maxConnections() > 0 && hub.connectionCount() >= config.maxConnections()) {
            return Optional.of(new CheckResult.Reject(
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE, Map.of(), "Connection limit reached; try again later"));
        }
        return Optional.empty();
    }

    /**
     * Asks the application's checks.
     *
     * @param request the connection request
     * @return the first rejection, or empty when the connection may open; a check that throws refuses with 500
     */
    public Optional<CheckResult.Reject> check(UpgradeRequest request) {
        for (UpgradeCheck check : checks) {
            CheckResult result;
            try {
                result = check.check(request);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "Upgrade check " + check.getClass().getName() + " failed",
                        e);
                return Optional.of(new CheckResult.Reject(
                        HttpServletResponse.SC_INTERNAL_SERVER_ERROR, Map.of(), "Handshake check failed"));
            }
            switch (result) {
                case CheckResult.Permit permit -> {
                    return Optional.empty();
                }
                case CheckResult.Reject reject -> {
                    return Optional.of(reject);
                }
                case CheckResult.NotApplicable notApplicable -> {
                    // The next check decides.
                }
                case null -> {
                    // A check returning null is treated as not applicable rather than failing the connection.
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Writes a refusal: its status, its headers, and its body as plain text.
     *
     * @param response the response, not yet committed
     * @param reject   the refusal
     * @throws IOException when writing fails
     */
    public static void refuse(HttpServletResponse response, CheckResult.Reject reject) throws IOException {
        reject.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        refuse(response, reject.status(), reject.body());
    }

    /**
     * Writes a refusal with a status and a plain-text body.
     *
     * @param response the response, not yet committed
     * @param status   the HTTP status
     * @param message  the body text
     * @throws IOException when writing fails
     */
    public static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
