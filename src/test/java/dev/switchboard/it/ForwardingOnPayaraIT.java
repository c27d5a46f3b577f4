package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The forwarding scenarios on Payara: the WAR with a route to the test's upstream. */
class ForwardingOnPayaraIT extends ForwardingScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication(route());
    }
}
