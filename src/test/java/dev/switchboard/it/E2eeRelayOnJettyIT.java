package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The E2EE relay scenario on embedded Jetty, deploying the web-module WAR. */
class E2eeRelayOnJettyIT extends E2eeRelayScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication();
    }
}
