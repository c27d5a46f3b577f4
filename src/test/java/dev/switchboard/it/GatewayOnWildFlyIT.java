package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/**
 * The gateway scenarios on a managed WildFly, deploying the EAR: core comes from the EAR's {@code lib/}, so its
 * ServletContainerInitializer and CDI extension must be found there.
 */
class GatewayOnWildFlyIT extends GatewayScenarios {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestApplication();
    }
}
