package dev.switchboard.embedded;

import dev.switchboard.web.SwitchboardInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The web module as a servlet context at {@code /}: core's {@link SwitchboardInitializer} installs Switchboard's
 * filters and servlets, the {@code jakarta.websocket} container is there for core's handshake to upgrade through,
 * a default servlet serves the document root (when configured) and the module's static pages, and every object Jetty
 * creates gets CDI injection.
 */
final class WebApplication {

    /** Class-path folder of the web module's static content, unpacked there by the build. */
    static final String STATIC_CONTENT = "switchboard-webapp";

    /** Default {@code Cache-Control} max-age of static files. */
    static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(300);
    /** Default most byte ranges one request may ask of a static file. */
    static final int DEFAULT_MAX_RANGES = 16;

    private static final System.Logger LOG = System.getLogger(WebApplication.class.getName());

    private WebApplication() {}

    static ServletContextHandler create(
            WeldLifeCycle weld, ClassLoader loader, Path documentRoot, Duration maxAge, int maxRanges) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.setDisplayName("switchboard");
        // The same loader the JNDI names are bound under, set explicitly so request threads always carry it.
        context.setClassLoader(loader);
        context.getObjectFactory().addDecorator(new CdiDecorator(weld));
        // Jetty's context allows symbolic links to anywhere by default, and its default servlet adds a check that
        // allows any alias resolving inside the base. A document root is where traversal attacks aim, so no alias is
        // served at all (the context's checks are cleared here, the servlet's is not installed below): a symbolic
        // link, in or out of the root, and a name that differs from the file's real one only in case or a trailing
        // character, answer 404. The roots themselves are resolved to their real paths below, so a link among their
        // parent directories does not turn every file into an alias.
        context.clearAliasChecks();

        List<Resource> bases = new ArrayList<>();
        ResourceFactory resources = ResourceFactory.of(context);
        if (documentRoot != null) {
            bases.add(resources.newResource(realPath(documentRoot)));
        }
        URL staticContent = loader.getResource(STATIC_CONTENT);
        if (staticContent != null) {
            URI uri = toUri(staticContent);
            bases.add(
                    uri.getScheme().equals("file")
                            ? resources.newResource(realPath(Path.of(uri)))
                            : resources.newResource(uri));
        } else {
            LOG.log(System.Logger.Level.INFO, "No static content ({0} is not on the class path)", STATIC_CONTENT);
        }
        // The document root comes first, so an application's own index.html replaces the demo page; the web module's
        // pages and scripts are served where the root has no file of that name. With neither, the servlet answers 404.
        if (!bases.isEmpty()) {
            context.setBaseResource(bases.size() == 1 ? bases.getFirst() : ResourceFactory.combine(bases));
        }
        if (documentRoot != null) {
            LOG.log(System.Logger.Level.INFO, "Serving static files from {0}", documentRoot);
        }

        // Mapped at "/", the default servlet comes after every servlet Switchboard maps (/sse, /auth, /admin, /health,
        // /metrics) and behind every filter (request path, firewall, authentication, WebSocket handshake).
        ServletHolder files = new ServletHolder("default", new StaticFilesServlet());
        files.setInitParameter("dirAllowed", "false");
        files.setInitParameter("allowAliases", "false");
        files.setInitParameter("etags", "true");
        files.setInitParameter("acceptRanges", "true");
        files.setInitParameter("welcomeServlets", "false");
        files.setInitParameter("redirectWelcome", "false");
        files.setInitParameter("cacheControl", maxAge.isZero() ? "no-cache" : "max-age=" + maxAge.toSeconds());
        files.setInitParameter(StaticFilesServlet.MAX_RANGES, Integer.toString(maxRanges));
        context.addServlet(files, "/");
        context.setWelcomeFiles(new String[] {"index.html"});

        // No endpoint is registered: core upgrades through ServerContainer.upgradeHttpToWebSocket itself.
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        context.addServletContainerInitializer(new SwitchboardInitializer());
        return context;
    }

    private static Path realPath(Path directory) {
        try {
            return directory.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Static content directory " + directory + " cannot be read", e);
        }
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Static content location " + url + " is not a valid URI", e);
        }
    }
}
