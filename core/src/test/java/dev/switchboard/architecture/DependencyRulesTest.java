package dev.switchboard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the design: api &lt;- spi &lt;- hub &lt;- (websocket, sse, protocol.*); auth, firewall
 * and forward see only api and spi; core never touches a container's classes; every {@code internal} package is
 * used only by the package it belongs to.
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
        dependsOnlyOn("dev.switchboard.api..", "dev.switchboard.api..");
    }

    @Test
    void spiSeesOnlyTheApi() {
        dependsOnlyOn("dev.switchboard.spi..", "dev.switchboard.api..", "dev.switchboard.spi..");
    }

    @Test
    void channelNamesDependOnNothingOfSwitchboard() {
        // Both the hub and the security filters match channel names with it, so it may see neither.
        dependsOnlyOn("dev.switchboard.channel..", "dev.switchboard.channel..");
    }

    @Test
    void hubDoesNotKnowItsTransportsOrProtocols() {
        noClasses()
                .that()
                .resideInAPackage("dev.switchboard.hub..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.switchboard.broker..",
                        "dev.switchboard.admission..",
                        "dev.switchboard.websocket..",
                        "dev.switchboard.sse..",
                        "dev.switchboard.tcp..",
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
                        "dev.switchboard.broker..",
                        "dev.switchboard.admission..",
                        "dev.switchboard.websocket..",
                        "dev.switchboard.sse..",
                        "dev.switchboard.protocol..")
                .check(core);
    }

    @Test
    void rpcSeesOnlyTheApi() {
        dependsOnlyOn(
                "dev.switchboard.rpc..", "dev.switchboard.api..", "dev.switchboard.rpc..", "dev.switchboard.log..");
    }

    @Test
    void everyInternalPackageIsUsedOnlyByItsOwnPackage() {
        classes().should(useInternalPackagesOnlyOfTheirOwnPackage()).check(core);
    }

    /**
     * For every package {@code X.internal}, whatever its depth: only classes in {@code X} itself or in
     * {@code X.internal..} may depend on it; a sibling, a parent or a subpackage of {@code X} may not.
     */
    static ArchCondition<JavaClass> useInternalPackagesOnlyOfTheirOwnPackage() {
        return new ArchCondition<>("depend on a package X.internal only from X or X.internal..") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    String target =
                            dependency.getTargetClass().getBaseComponentType().getPackageName();
                    String owner = ownerOfInternal(target);
                    if (owner != null && !mayUseInternalsOf(origin.getPackageName(), owner)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    /** The package {@code X} of a package inside {@code X.internal}, or null for a package outside any. */
    static String ownerOfInternal(String packageName) {
        String[] parts = packageName.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("internal")) {
                return String.join(".", java.util.Arrays.asList(parts).subList(0, i));
            }
        }
        return null;
    }

    static boolean mayUseInternalsOf(String originPackage, String owner) {
        String internal = owner + ".internal";
        return originPackage.equals(owner)
                || originPackage.equals(internal)
                || originPackage.startsWith(internal + ".");
    }

    /**
     * Among Switchboard's own classes, those of {@code subject} may depend only on the {@code allowed} packages; an
     * allow list, so a package added later is forbidden until a rule admits it.
     */
    private static void dependsOnlyOn(String subject, String... allowed) {
        noClasses()
                .that()
                .resideInAPackage(subject)
                .should()
                .dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.switchboard..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(allowed))))
                .check(core);
    }
}
