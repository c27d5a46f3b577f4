package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The E2EE relay scenario on Payara Micro, deploying the web-module WAR. */
class E2eeRelayOnPayaraIT extends E2eeRelayScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication();
    }
}
