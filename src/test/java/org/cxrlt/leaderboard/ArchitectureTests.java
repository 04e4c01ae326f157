package org.cxrlt.leaderboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The evaluation core stays plain Java: the service, the command line and the benchmarks all
 * use it, and its numbers must not depend on a framework.
 */
class ArchitectureTests {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.cxrlt.leaderboard");

    @Test
    void evaluationUsesNoFrameworkSpringJpaOrServlet() {
        noClasses().that().resideInAPackage("org.cxrlt.leaderboard.evaluation..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "jakarta..", "javax.persistence..", "javax.servlet..",
                        "org.hibernate..", "tools.jackson..", "com.fasterxml..")
                .check(PRODUCTION);
    }

    @Test
    void evaluationDependsOnNoOtherPartOfTheApplication() {
        noClasses().that().resideInAPackage("org.cxrlt.leaderboard.evaluation..")
                .should().dependOnClassesThat().resideOutsideOfPackages(
                        "org.cxrlt.leaderboard.evaluation..", "java..", "ch.randelshofer.fastdoubleparser..",
                        "org.apache.commons.compress..")
                .check(PRODUCTION);
    }
}
