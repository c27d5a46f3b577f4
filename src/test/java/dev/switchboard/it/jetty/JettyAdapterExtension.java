package dev.switchboard.it.jetty;

import org.jboss.arquillian.container.jetty.embedded_12_ee10.WebAppContextProcessor;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registers {@link WebAppFirstClassLoading} and {@link UndeployTheDeployedContext} with the Arquillian Jetty
 * adapter. The WildFly run does not have that adapter, so nothing is registered there.
 */
public final class JettyAdapterExtension implements LoadableExtension {

    private static final String PROCESSOR =
            "org.jboss.arquillian.container.jetty.embedded_12_ee10.WebAppContextProcessor";

    @Override
    public void register(ExtensionBuilder builder) {
        if (Validate.classExists(PROCESSOR)) {
            builder.service(WebAppContextProcessor.class, WebAppFirstClassLoading.class);
            builder.observer(UndeployTheDeployedContext.class);
        }
    }
}
