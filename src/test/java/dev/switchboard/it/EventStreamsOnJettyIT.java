package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The event-stream scenarios on Jetty: the WAR with the test application. */
class EventStreamsOnJettyIT extends EventStreamScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication();
    }
}
