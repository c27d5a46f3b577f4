package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The gateway scenarios on embedded Jetty 12 (ee10) with Weld, deploying the web-module WAR. */
class GatewayOnJettyIT extends GatewayScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication();
    }
}
