package dev.slipway;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stages depend downward only: spec → state → pki → render → plan → apply → operate → cli. A renderer that reached for
 * the AWS SDK or the Kubernetes client would stop being pure; this test makes that a build failure.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.slipway");
    }

    @Test
    void stagesDependDownwardOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("spec").definedBy("dev.slipway.spec..", "dev.slipway.versions..")
                .layer("state").definedBy("dev.slipway.state..")
                .layer("pki").definedBy("dev.slipway.pki..")
                .layer("render").definedBy("dev.slipway.render..")
                .layer("plan").definedBy("dev.slipway.plan..")
                .layer("apply").definedBy("dev.slipway.apply..")
                .layer("operate").definedBy("dev.slipway.operate..")
                .layer("cli").definedBy("dev.slipway.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("operate").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("apply").mayOnlyBeAccessedByLayers("operate", "cli")
                .whereLayer("plan").mayOnlyBeAccessedByLayers("apply", "operate", "cli")
                .whereLayer("render").mayOnlyBeAccessedByLayers("plan", "apply", "operate", "cli")
                .whereLayer("pki").mayOnlyBeAccessedByLayers("render", "plan", "apply", "operate", "cli")
                .whereLayer("state").mayOnlyBeAccessedByLayers("pki", "plan", "apply", "operate", "cli")
                .check(classes);
    }

    @Test
    void renderersDoNoIoAndTalkToNoCloud() {
        noClasses().that().resideInAPackage("dev.slipway.render..")
                .should().dependOnClassesThat(talksToTheOutside())
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.nio.file.Files.class, "readAllBytes", java.nio.file.Path.class)
                .orShould().callMethod(java.nio.file.Files.class, "write", java.nio.file.Path.class, byte[].class,
                        java.nio.file.OpenOption[].class)
                .because("rendering is pure: clock, randomness and keys are passed in")
                .check(classes);
    }

    /**
     * Cloud SDKs, the Kubernetes client (but not its pure YAML/JSON serialization of model objects), networking and
     * the state store.
     */
    private static DescribedPredicate<JavaClass> talksToTheOutside() {
        return JavaClass.Predicates.resideInAnyPackage("software.amazon.awssdk..", "io.fabric8.kubernetes.client..",
                        "java.net..", "dev.slipway.state..")
                .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("KubernetesSerialization")))
                .as("classes that reach the network, a cloud or the state store");
    }

    @Test
    void onlyMainEndsTheProcess() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.slipway.cli.Main")
                .should().callMethod(System.class, "exit", int.class)
                .because("library code that ends the process cannot be tested or reused")
                .check(classes);
    }
}
