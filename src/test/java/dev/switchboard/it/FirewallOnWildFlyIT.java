package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The firewall scenarios on WildFly: the EAR with the detector and the flood limit on. */
class FirewallOnWildFlyIT extends FirewallScenarios {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestApplication(firewall());
    }
}
