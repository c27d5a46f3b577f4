package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The STOMP and MQTT client scenario on Payara Micro, deploying the web-module WAR. */
class StompAndMqttClientsOnPayaraIT extends StompAndMqttClientsScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication();
    }
}
