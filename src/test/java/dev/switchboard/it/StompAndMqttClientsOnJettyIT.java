package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The STOMP and MQTT client scenario on embedded Jetty, deploying the web-module WAR. */
class StompAndMqttClientsOnJettyIT extends StompAndMqttClientsScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication();
    }
}
