package dev.switchboard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the design: api &lt;- spi &lt;- hub &lt;- (websocket, sse, protocol.*); auth, firewall
 * and forward see only api and spi; core never touches a container's classes.
 */
class DependencyRulesTest {

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.switchboard");
    }

    @Test
    void coreNeverImportsContainerClasses() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.eclipse.jetty..", "io.undertow..", "org.wildfly..", "org.jboss..")
                .check(core);
    }

    @Test
    void apiDependsOnNothingOfSwitchboardButItself() {
        noClasses()
                .that()
                .resideInAPackage("dev.switchboard.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.switchboard.spi..",
                        "dev.switchboard.hub..",
                        "dev.switchboard.websocket..",
                        "dev.switchboard.sse..",
                        "dev.switchboard.protocol..",
                        "dev.switchboard.config..",
                        "dev.switchboard.cdi..",
                        "dev.switchboard.web..",
                        "dev.switchboard.auth..",
                        "dev.switchboard.firewall..",
                        "dev.switchboard.forward..",
                        "dev.switchboard.history..")
                .check(core);
    }

    @Test
    void spiSeesOnlyTheApi() {
        noClasses()
                .that()
                .resideInAPackage("dev.switchboard.spi..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.switchboard.hub..",
                        "dev.switchboard.websocket..",
                        "dev.switchboard.sse..",
                        "dev.switchboard.protocol..",
                        "dev.switchboard.cdi..",
                        "dev.switchboard.web..",
                        "dev.switchboard.auth..",
                        "dev.switchboard.firewall..",
                        "dev.switchboard.forward..")
                .check(core);
    }

    @Test
    void channelNamesDependOnNothingOfSwitchboard() {
        // Both the hub and the security filters match channel names with it, so it may see neither.
        noClasses()
                .that()
                .resideInAPackage("dev.switchboard.channel..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.switchboard.api..",
                        "dev.switchboard.spi..",
                        "dev.switchboard.hub..",
                        "dev.switchboard.websocket..",
                        "dev.switchboard.sse..",
                        "dev.switchboard.protocol..",
                        "dev.switchboard.cdi..",
                        "dev.switchboard.web..",
                        "dev.switchboard.auth..",
                        "dev.switchboard.firewall..",
                        "dev.switchboard.forward..",
                        "dev.switchboard.history..",
                        "dev.switchboard.config..",
                        "dev.switchboard.rpc..")
                .check(core);
    }

    @Test
    void hubDoesNotKnowItsTransportsOrProtocols() {
        noClasses()
                .that()
                .resideInAPackage("dev.switchboard.hub..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.switchboard.websocket..",
                        "dev.switchboard.sse..",
                        "dev.switchboard.protocol..",
                        "dev.switchboard.web..",
                        "dev.switchboard.auth..",
                        "dev.switchboard.firewall..",
                        "dev.switchboard.forward..")
                .check(core);
    }

    @Test
    void securityFiltersSeeOnlyApiSpiAndConfig() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.switchboard.auth..", "dev.switchboard.firewall..", "dev.switchboard.forward..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.switchboard.hub..",
                        "dev.switchboard.websocket..",
                        "dev.switchboard.sse..",
                        "dev.switchboard.protocol..")
                .check(core);
    }

    @Test
    void rpcSeesOnlyTheApi() {
        noClasses()
                .that()
                .resideInAPackage("dev.switchboard.rpc..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.switchboard.spi..",
                        "dev.switchboard.hub..",
                        "dev.switchboard.websocket..",
                        "dev.switchboard.sse..",
                        "dev.switchboard.protocol..",
                        "dev.switchboard.web..",
                        "dev.switchboard.auth..",
                        "dev.switchboard.firewall..",
                        "dev.switchboard.forward..")
                .check(core);
    }

    @Test
    void internalPackagesAreUsedOnlyByTheirOwnFeature() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.switchboard.websocket..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.switchboard.websocket.internal..")
                .check(core);
    }
}
