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

    /**
     * Everything challenge-specific (id column, labels, training counts, group thresholds) comes
     * from a challenge definition: the core's sources name none of CXR-LT 2024's facts.
     */
    @Test
    void evaluationHoldsNoChallengeConstants() throws java.io.IOException {
        java.nio.file.Path core = java.nio.file.Path.of("src/main/java/org/cxrlt/leaderboard/evaluation");
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(core)) {
            for (java.nio.file.Path file : files.toList()) {
                String source = java.nio.file.Files.readString(file);
                org.assertj.core.api.Assertions.assertThat(source).as(file.toString())
                        .doesNotContain("\"dicom_id\"", "258871", "258,871", "\"Atelectasis\"", "\"task1\"",
                                "CxrLt2024");
            }
        }
    }
}
