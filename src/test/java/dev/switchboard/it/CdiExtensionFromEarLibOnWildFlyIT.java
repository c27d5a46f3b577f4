package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.it.app.EchoProtocol;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On WildFly, core lives only in the EAR's {@code lib/}, and its CDI extension must still be found there and
 * see the beans of the whole EAR. (That its ServletContainerInitializer is found there too, as WildFly looks for
 * initializers in a WAR's dependencies since WFLY-5962, every scenario of {@link GatewayOnWildFlyIT} shows.)
 */
@ExtendWith(ArquillianExtension.class)
class CdiExtensionFromEarLibOnWildFlyIT {

    private static final String CONFLICT = "conflict";

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = CONFLICT, managed = false, testable = false)
    static EnterpriseArchive conflicting() {
        return Deployments.earWithConflictingSubprotocols();
    }

    @Test
    void aDeploymentWithTwoBeansForOneSubprotocolIsRefusedNamingBoth() {
        assertThatThrownBy(() -> deployer.deploy(CONFLICT))
                .hasStackTraceContaining("subprotocol '" + EchoProtocol.NAME + "' is claimed by 2 beans")
                .hasStackTraceContaining("dev.switchboard.it.app.EchoProtocol")
                .hasStackTraceContaining("dev.switchboard.it.app.conflict.SecondEchoProtocol");
    }
}
