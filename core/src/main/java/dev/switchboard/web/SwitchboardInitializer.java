package dev.switchboard.web;

import dev.switchboard.admin.AdminApiServlet;
import dev.switchboard.admin.AdminSettings;
import dev.switchboard.admin.NodeMBeans;
import dev.switchboard.auth.AuthServlet;
import dev.switchboard.auth.AuthenticationFilter;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.firewall.FirewallAdminServlet;
import dev.switchboard.firewall.FirewallFilter;
import dev.switchboard.forward.ForwardSettings;
import dev.switchboard.forward.ForwardingFilter;
import dev.switchboard.forward.Route;
import dev.switchboard.metrics.MetricsLifecycle;
import dev.switchboard.metrics.MetricsServlet;
import dev.switchboard.metrics.MetricsSettings;
import dev.switchboard.protocol.apprtc.AppRtcServlet;
import dev.switchboard.protocol.apprtc.AppRtcSettings;
import dev.switchboard.sse.EventStreamFilter;
import dev.switchboard.sse.SseServlet;
import dev.switchboard.sse.SseSettings;
import dev.switchboard.websocket.HandshakeFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.SessionCookieConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Installs Switchboard in the web application that contains the core jar.
 *
 * <p>Filters are registered here, programmatically, because the order of {@code @WebFilter} annotations is
 * unspecified and the order is part of the security model: the canonical request path (which refuses ambiguous
 * paths with 400), then the firewall, then authentication, then forwarding
 * (only when routes are configured), then the WebSocket handshake, then the SSE stream filter. Each is added
 * after the ones before it with {@code isMatchAfter = true}, so an application's own {@code web.xml} filters
 * run after Switchboard's.
 *
 * <p>Filters and servlets are created here and look their collaborators up from CDI in {@code init}, because
 * the CDI container may start after this initializer on some servlet containers.
 */
public final class SwitchboardInitializer implements ServletContainerInitializer {

    /** Path of the health servlet. */
    public static final String HEALTH_PATH = "/health";

    private static final System.Logger LOG = System.getLogger(SwitchboardInitializer.class.getName());

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        // This runs before CDI may be up, so it reads what decides the filter and servlet mappings itself, once;
        // the components read their settings through CDI later (cdi.ConfigProducer).
        ConfigReader reader = ConfigReader.standard();
        SwitchboardConfig config = SwitchboardConfig.read(reader);
        EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);

        addFilter(context, "switchboard-request-path", new RequestPathFilter(), requests, "/*");
        addFilter(context, "switchboard-firewall", new FirewallFilter(), requests, "/*");
        ForwardSettings forwarding = ForwardSettings.read(reader);
        // Routes marked auth=required are refused by the authentication filter, which can send the challenge.
        List<Route> protectedRoutes =
                forwarding.routes().stream().filter(Route::authRequired).toList();
        addFilter(
                context,
                "switchboard-authentication",
                new AuthenticationFilter(
                        List.of(SseServlet.SSE_PATH, SseServlet.XHR_PATH),
                        SseServlet.POST_KEY_HEADER,
                        path -> protectedRoutes.stream().anyMatch(route -> route.matches(path))),
                requests,
                "/*");
        ServletRegistration.Dynamic login = context.addServlet("switchboard-auth", new AuthServlet());
        // Login bodies are read asynchronously, so that a time limit covers the whole body.
        login.setAsyncSupported(true);
        login.addMapping(AuthenticationFilter.AUTH_PATH + "/*", AuthenticationFilter.SGC_TOKEN_REQUEST_PREFIX + "*");
        // The login session's cookie is a credential: out of scripts' reach, and not sent by cross-site requests.
        SessionCookieConfig cookie = context.getSessionCookieConfig();
        cookie.setHttpOnly(true);
        if (cookie.getAttribute("SameSite") == null) {
            cookie.setAttribute("SameSite", "Lax");
        }
        if (!forwarding.routes().isEmpty()) {
            // After authentication, so forwarded traffic obeys the same policy; before the handshake filter, so
            // a route can claim a WebSocket path.
            addFilter(context, "switchboard-forward", new ForwardingFilter(forwarding), requests, "/*");
        }
        addFilter(
                context,
                "switchboard-websocket",
                new HandshakeFilter(),
                requests,
                config.websocketPaths().toArray(String[]::new));
        if (SseSettings.read(reader).enabled()) {
            addFilter(
                    context,
                    "switchboard-sse",
                    new EventStreamFilter(),
                    requests,
                    config.websocketPaths().toArray(String[]::new));
            ServletRegistration.Dynamic sse = context.addServlet("switchboard-sse", new SseServlet());
            sse.setAsyncSupported(true);
            sse.addMapping(SseServlet.SSE_PATH, SseServlet.SSE_PATH + "/*", SseServlet.XHR_PATH + "/*");
            sse.setLoadOnStartup(1);
        }

        if (reader.getBoolean(ConfigKeys.FIREWALL_ADMIN_ENABLED, false)) {
            ServletRegistration.Dynamic admin =
                    context.addServlet("switchboard-firewall-admin", new FirewallAdminServlet());
            admin.addMapping(FirewallAdminServlet.PATH, FirewallAdminServlet.PATH + "/*");
        }

        AdminSettings adminSettings = AdminSettings.read(reader);
        if (adminSettings.enabled()) {
            ServletRegistration.Dynamic admin = context.addServlet("switchboard-admin", new AdminApiServlet());
            // Request bodies are read asynchronously, so that a time limit covers the whole body.
            admin.setAsyncSupported(true);
            admin.addMapping(adminSettings.path(), adminSettings.path() + "/*");
            admin.setLoadOnStartup(1);
            context.addListener(new NodeMBeans());
        }

        AppRtcSettings appRtc = AppRtcSettings.read(reader);
        if (appRtc.enabled()) {
            ServletRegistration.Dynamic rooms = context.addServlet("switchboard-apprtc", new AppRtcServlet());
            // Message bodies are read asynchronously, so that a time limit covers the whole body.
            rooms.setAsyncSupported(true);
            rooms.addMapping(appRtc.path() + "/*");
            rooms.setLoadOnStartup(1);
        }

        ServletRegistration.Dynamic health = context.addServlet("switchboard-health", new HealthServlet());
        health.addMapping(HEALTH_PATH, HEALTH_PATH + "/*");
        health.setLoadOnStartup(1);

        // Metrics: the endpoint always answers (404 with the reason when metrics are off); added before the
        // hub's listener, so they stop after it and count its last closes.
        MetricsSettings metrics = MetricsSettings.read(reader);
        ServletRegistration.Dynamic metricsServlet = context.addServlet("switchboard-metrics", new MetricsServlet());
        metricsServlet.addMapping(metrics.path());
        context.addListener(new MetricsLifecycle());

        context.addListener(new LifecycleListener());
        LOG.log(
                System.Logger.Level.INFO,
                "Switchboard installed in {0}",
                context.getContextPath().isEmpty() ? "/" : context.getContextPath());
    }

    private static void addFilter(
            ServletContext context,
            String name,
            jakarta.servlet.Filter filter,
            EnumSet<DispatcherType> dispatch,
            String... patterns) {
        FilterRegistration.Dynamic registration = context.addFilter(name, filter);
        // SSE and long requests run asynchronously behind these filters.
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(dispatch, true, patterns);
    }
}
