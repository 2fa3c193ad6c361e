package io.courtyard.build;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rooms of DESIGN.md, checked on the compiled production classes: imports point down, the
 * ground floor stands on nothing of ours, nothing but the entry point reaches the assembly.
 */
class RoomsTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.courtyard");
    }

    @Test
    void nothingOutsideOpsImportsTheAssembly() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.courtyard.ops..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.courtyard.ops..")
                .because("ops assembles every room; a room that reaches up into it makes a cycle")
                .check(classes);
    }

    @Test
    void theRuntimeFloorImportsNoOtherRoom() {
        noClasses()
                .that()
                .resideInAPackage("io.courtyard.runtime..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("io.courtyard..").and(not(resideInAPackage("io.courtyard.runtime.."))))
                .because("every room stands on the runtime floor, so it can stand on none of them")
                .check(classes);
    }

    @Test
    void accessKnowsNothingOfDevices() {
        noClasses()
                .that()
                .resideInAPackage("io.courtyard.access..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.courtyard.device..", "io.courtyard.http..", "io.courtyard.uplink..", "io.courtyard.acl..")
                .because("decisions are made from a credential and a device id, whatever protocol carried them")
                .check(classes);
    }

    @Test
    void theJournalStandsOnlyOnTheFloorsBelowIt() {
        noClasses()
                .that()
                .resideInAPackage("io.courtyard.journal..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.courtyard.access..",
                        "io.courtyard.acl..",
                        "io.courtyard.device..",
                        "io.courtyard.uplink..",
                        "io.courtyard.http..",
                        "io.courtyard.cli..")
                .because("every producer and sink uses the journal; it uses none of them")
                .check(classes);
    }

    @Test
    void roomsHaveNoImportCycles() {
        slices().matching("io.courtyard.(*)..").should().beFreeOfCycles().check(classes);
    }
}
