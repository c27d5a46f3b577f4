package dev.switchboard.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The Autobahn server cases on WildFly (Undertow, with the permessage-deflate settings of wildfly-config), deploying the web-module WAR with the echo handler. */
class AutobahnServerConformanceOnWildFlyIT extends AutobahnServerConformanceScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.warForAutobahn();
    }

    @Override
    String server() {
        return "wildfly";
    }
}
