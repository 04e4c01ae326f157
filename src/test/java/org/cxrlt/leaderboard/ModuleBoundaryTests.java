package org.cxrlt.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The modules as Spring Modulith sees them (one per package under {@code org.cxrlt.leaderboard}):
 * no cycle, and no module reaching into another's internals (its sub-packages, such as
 * {@code web}). The test also draws them: {@code target/spring-modulith-docs/}, of which
 * {@code docs/modules.puml} is the committed copy shown in the README, checked to be current. And each feature's web
 * edge is its own: no other package reaches into it.
 */
class ModuleBoundaryTests {

    private static final ApplicationModules MODULES = ApplicationModules.of(Application.class);

    @Test
    void theModulesHaveNoCycleAndKeepTheirInternalsToThemselves() {
        MODULES.verify();
    }

    @Test
    void theCommittedModuleDiagramIsTheCurrentOne() throws IOException {
        String folder = "target/spring-modulith-docs";
        new Documenter(MODULES, folder).writeModulesAsPlantUml();
        Path drawn = Path.of(folder, "components.puml");
        Path committed = Path.of("docs", "modules.puml");
        // As sets of lines: the order of the relations in the drawing is not stable across runs.
        assertThat(Files.readAllLines(committed))
                .as("docs/modules.puml is not the diagram of today's modules: copy %s over it", drawn)
                .containsExactlyInAnyOrderElementsOf(Files.readAllLines(drawn));
    }

    private static final List<String> FEATURES = List.of("audit", "challenge", "participant", "submission", "scoring",
            "leaderboard", "robustness", "site");

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.cxrlt.leaderboard");

    @Test
    void noPackageDependsOnAnotherFeaturesWebPackage() {
        for (String feature : FEATURES) {
            noClasses().that().resideOutsideOfPackage("org.cxrlt.leaderboard." + feature + "..")
                    .should().dependOnClassesThat().resideInAPackage("org.cxrlt.leaderboard." + feature + ".web..")
                    .because("controllers are the edge of their feature, not an API for others")
                    .check(classes);
        }
    }

    @Test
    void onlyWebPackagesDependOnTheServletApiOrSpringMvc() {
        noClasses().that().resideInAnyPackage(FEATURES.stream().map(f -> "org.cxrlt.leaderboard." + f).toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..")
                .because("services are called by controllers, the demo loader and the workers alike")
                .check(classes);
    }
}
