package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The Node {@code ws} client scenario on a managed WildFly, deploying the EAR. */
class NodeWsClientOnWildFlyIT extends NodeWsClientScenarios {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestApplication();
    }
}
