package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The forwarding scenarios on WildFly: the EAR with a route to the test's upstream. */
class ForwardingOnWildFlyIT extends ForwardingScenarios {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestApplication(route());
    }
}
