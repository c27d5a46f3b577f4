package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The sgc protocol scenarios on Payara Micro (Tyrus WebSockets, Weld), deploying the web-module WAR. */
class SgcOnPayaraIT extends SgcScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication();
    }
}
