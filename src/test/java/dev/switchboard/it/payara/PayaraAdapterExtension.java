package dev.switchboard.it.payara;

import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registers {@link ReportTheLoopbackAddress} with the Arquillian Payara Micro adapter. The Jetty and WildFly runs do
 * not have that adapter, so nothing is registered there.
 */
public final class PayaraAdapterExtension implements LoadableExtension {

    static final String CONTAINER = "fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer";

    @Override
    public void register(ExtensionBuilder builder) {
        if (Validate.classExists(CONTAINER)) {
            builder.observer(ReportTheLoopbackAddress.class);
        }
    }
}
