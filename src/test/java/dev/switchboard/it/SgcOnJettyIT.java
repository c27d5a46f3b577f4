package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The sgc protocol scenarios on embedded Jetty 12 (ee10) with Weld, deploying the web-module WAR. */
class SgcOnJettyIT extends SgcScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication();
    }
}
