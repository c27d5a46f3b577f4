package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The ready WAR on a Jetty that is not Switchboard's embedded server: its {@code WEB-INF/lib/switchboard-undertow.jar}
 * is loaded by the service loader like on WildFly, links nothing of Undertow and declines Jetty's sessions, so an
 * abort ends in the documented fallback, a close frame with 1008, and nothing else changes.
 */
class AbortFallsBackToA1008CloseWithTheUndertowJarOnJettyIT extends EndingOneConnectionScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warWithTestApplication();
    }

    @Override
    int abortSeenByTheClient() {
        // CloseCodes.POLICY_VIOLATION; core is kept off the Jetty run's class path (see Deployments).
        return 1008;
    }
}
