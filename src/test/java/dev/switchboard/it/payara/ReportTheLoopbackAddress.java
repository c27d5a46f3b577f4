package dev.switchboard.it.payara;

import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.arquillian.container.spi.context.annotation.DeploymentScoped;
import org.jboss.arquillian.container.spi.event.container.AfterDeploy;
import org.jboss.arquillian.core.api.InstanceProducer;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;

/**
 * Points the tests at 127.0.0.1, where Payara Micro's HTTP listener is bound (the preboot commands of the
 * {@code payara} run). The adapter reads the host from Payara Micro's instance description, which names the
 * machine's own address (its data grid member's, or {@code InetAddress.getLocalHost()} without one); that address
 * does not accept connections on a listener bound to the loopback interface. The port and the context roots stay
 * as Payara Micro reported them.
 */
public final class ReportTheLoopbackAddress {

    static final String LOOPBACK = "127.0.0.1";

    @Inject
    @DeploymentScoped
    private InstanceProducer<ProtocolMetaData> protocolMetaData;

    public void onDeployed(@Observes AfterDeploy event) {
        if (!event.getDeployableContainer().getClass().getName().equals(PayaraAdapterExtension.CONTAINER)) {
            return;
        }
        ProtocolMetaData reported = protocolMetaData.get();
        if (reported == null) {
            return;
        }
        ProtocolMetaData onLoopback = new ProtocolMetaData();
        for (Object context : reported.getContexts()) {
            onLoopback.addContext(context instanceof HTTPContext http ? onLoopback(http) : context);
        }
        protocolMetaData.set(onLoopback);
    }

    private static HTTPContext onLoopback(HTTPContext reported) {
        HTTPContext context = new HTTPContext(reported.getName(), LOOPBACK, reported.getPort());
        for (Servlet servlet : reported.getServlets()) {
            context.add(new Servlet(servlet.getName(), servlet.getContextRoot()));
        }
        return context;
    }
}
