package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The authentication scenarios on embedded Jetty, deploying the WAR. */
class AuthOnJettyIT extends AuthScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication();
    }
}
