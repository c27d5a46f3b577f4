package dev.switchboard.it.jetty;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.jboss.arquillian.container.jetty.embedded_12_ee10.WebAppContextProcessor;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Loads a deployment's classes from the WAR first, as a servlet container does (Servlet 6.0 §10.7.2). The
 * adapter's default is parent first, which would load the test application's classes from the test class path,
 * where core (kept off that class path) cannot be found; and its {@code classloaderBehavior} option cannot be
 * set from arquillian.xml (the configuration mapper does not convert enums).
 */
public final class WebAppFirstClassLoading implements WebAppContextProcessor {

    @Override
    public void process(WebAppContext context, Archive<?> archive) {
        context.setParentLoaderPriority(false);
        UndeployTheDeployedContext.deployed(context);
    }
}
