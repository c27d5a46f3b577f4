package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The STOMP and MQTT client scenario on a managed WildFly, deploying the EAR. */
class StompAndMqttClientsOnWildFlyIT extends StompAndMqttClientsScenarios {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestApplication();
    }
}
