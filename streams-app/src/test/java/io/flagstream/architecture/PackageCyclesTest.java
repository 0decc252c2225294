package io.flagstream.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The top-level packages of the app depend on each other in one direction only (a detector package counts as detect). */
class PackageCyclesTest {
    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.flagstream");

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("io.flagstream.(*)..").should().beFreeOfCycles().check(APP);
    }
}
