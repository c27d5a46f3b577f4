package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The E2EE relay scenario on a managed WildFly, deploying the EAR. */
class E2eeRelayOnWildFlyIT extends E2eeRelayScenarios {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestApplication();
    }
}
