package io.flagstream.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The app's jar is the app (issue #14): the simulator, the replay and the test driver it runs on live in the tools
 * module. Tests may use the driver; the app's own classes may not, nor may the tools' packages come back here.
 */
class AppBoundaryTest {
    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.flagstream");

    @Test
    void theToolsPackagesAreNotInTheApp() {
        noClasses().should().resideInAnyPackage("io.flagstream.sim..", "io.flagstream.replay..", "io.flagstream.tools..")
                .check(APP);
    }

    @Test
    void theAppDoesNotUseTheTestDriver() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.flagstream.sim..", "io.flagstream.replay..",
                        "io.flagstream.tools..")
                .orShould().dependOnClassesThat().haveNameMatching("org\\.apache\\.kafka\\.streams\\.(TopologyTestDriver|TestInputTopic|TestOutputTopic)(\\$.*)?")
                .check(APP);
    }
}
