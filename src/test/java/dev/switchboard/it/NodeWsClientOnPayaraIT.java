package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The Node {@code ws} client scenario on Payara Micro, deploying the web-module WAR. */
class NodeWsClientOnPayaraIT extends NodeWsClientScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication();
    }
}
