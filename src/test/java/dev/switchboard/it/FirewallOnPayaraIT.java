package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The firewall scenarios on Payara: the WAR with the detector and the flood limit on. */
class FirewallOnPayaraIT extends FirewallScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication(firewall());
    }
}
