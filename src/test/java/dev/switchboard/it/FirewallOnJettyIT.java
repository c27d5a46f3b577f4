package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The firewall scenarios on Jetty: the WAR with the detector and the flood limit on. */
class FirewallOnJettyIT extends FirewallScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication(firewall());
    }
}
