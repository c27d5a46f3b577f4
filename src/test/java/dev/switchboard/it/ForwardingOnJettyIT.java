package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The forwarding scenarios on Jetty: the WAR with a route to the test's upstream. */
class ForwardingOnJettyIT extends ForwardingScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication(route());
    }
}
