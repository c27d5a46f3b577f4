package dev.switchboard.ejb;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The classes of the EJB module use core through its public packages only, never an {@code internal} one. */
class NoInternalPackageOfCoreIsUsedTest {

    @Test
    void noMainClassDependsOnAnInternalPackage() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.switchboard..internal..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.switchboard.ejb"));
    }
}
