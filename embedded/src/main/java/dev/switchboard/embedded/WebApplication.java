package dev.switchboard.embedded;

import dev.switchboard.web.SwitchboardInitializer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The web module as a servlet context at {@code /}: core's {@link SwitchboardInitializer} installs Switchboard's
 * filters and servlets, the {@code jakarta.websocket} container is there for core's handshake to upgrade through,
 * a default servlet serves the module's static pages, and every object Jetty creates gets CDI injection.
 */
final class WebApplication {

    /** Class-path folder of the web module's static content, unpacked there by the build. */
    static final String STATIC_CONTENT = "switchboard-webapp";

    private static final System.Logger LOG = System.getLogger(WebApplication.class.getName());

    private WebApplication() {}

    static ServletContextHandler create(WeldLifeCycle weld, ClassLoader loader) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.setDisplayName("switchboard");
        // The same loader the JNDI names are bound under, set explicitly so request threads always carry it.
        context.setClassLoader(loader);
        context.getObjectFactory().addDecorator(new CdiDecorator(weld));

        URL staticContent = loader.getResource(STATIC_CONTENT);
        if (staticContent != null) {
            context.setBaseResource(ResourceFactory.of(context).newResource(toUri(staticContent)));
        } else {
            // A web module without pages yet: the default servlet then answers 404, which is right.
            LOG.log(System.Logger.Level.INFO, "No static content ({0} is not on the class path)", STATIC_CONTENT);
        }
        ServletHolder files = new ServletHolder("default", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        context.addServlet(files, "/");
        context.setWelcomeFiles(new String[] {"index.html"});

        // No endpoint is registered: core upgrades through ServerContainer.upgradeHttpToWebSocket itself.
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        context.addServletContainerInitializer(new SwitchboardInitializer());
        return context;
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Static content location " + url + " is not a valid URI", e);
        }
    }
}
