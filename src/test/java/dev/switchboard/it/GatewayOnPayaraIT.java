package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The gateway scenarios on Payara Micro: core from the WAR's {@code WEB-INF/lib}, WebSockets by Tyrus. */
class GatewayOnPayaraIT extends GatewayScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication();
    }
}
