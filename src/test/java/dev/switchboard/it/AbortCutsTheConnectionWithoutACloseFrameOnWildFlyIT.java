package dev.switchboard.it;

import dev.switchboard.it.support.RawWebSocket;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/**
 * On WildFly the EAR's {@code lib/switchboard-undertow.jar} cuts an aborted WebSocket's TCP connection: the client
 * reads no close frame and reports 1006, while a close still sends its close frame.
 */
class AbortCutsTheConnectionWithoutACloseFrameOnWildFlyIT extends EndingOneConnectionScenarios {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestApplication();
    }

    @Override
    int abortSeenByTheClient() {
        return RawWebSocket.ABNORMAL_CLOSURE;
    }
}
