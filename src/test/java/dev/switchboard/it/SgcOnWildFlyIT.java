package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/**
 * The sgc protocol scenarios on a managed WildFly (Undertow WebSockets), deploying the EAR: the RPC beans and
 * channel rules come from a bean archive in the EAR's {@code lib/}, next to core.
 */
class SgcOnWildFlyIT extends SgcScenarios {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestApplication();
    }
}
