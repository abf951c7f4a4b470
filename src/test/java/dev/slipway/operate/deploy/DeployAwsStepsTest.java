package dev.slipway.operate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.apply.aws.AwsClients;
import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.apply.kubernetes.RenderedComponents;
import dev.slipway.render.RenderedFile;
import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.spec.Environment;
import dev.slipway.state.LocalStateStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which deploys need AWS at all: components without the backup job and without hostnames make no AWS client (so
 * deploy works without AWS credentials), the mongo and apps components do. The calls themselves are tested against
 * moto in {@code DeployBusinessTest}.
 */
class DeployAwsStepsTest {
    private static final Environment ACC = RenderedK8s.example("acc");

    static List<DesiredComponent> rendered() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (RenderedFile f : RenderedK8s.render(ACC).files().values()) {
            files.put(f.path(), f.content());
        }
        return RenderedComponents.fromFiles(files);
    }

    /** Fails the test when anything asks for an AWS client. */
    static final Supplier<AwsClients> NO_AWS = () -> {
        throw new AssertionError("an AWS client was asked for");
    };

    @Test
    void componentsWithoutBackupsOrHostnamesMakeNoAwsClient(@TempDir Path dir) {
        List<String> only = List.of("coredns", "mongo-express");
        List<DesiredComponent> selected = DeployAwsSteps.selected(rendered(), only);
        assertThat(selected).extracting(DesiredComponent::name).containsExactly("coredns", "mongo-express");
        try (DeployAwsSteps steps = new DeployAwsSteps(ACC, NO_AWS)) {
            // --prune without the apps selected does not look for stale records either
            DeployAwsSteps.Plan plan = steps.plan(rendered(), only, true, new LocalStateStore(dir),
                    (ns, name) -> Optional.empty());
            assertThat(plan.touchesAws()).isFalse();
            assertThat(plan.writes()).isZero();
            assertThat(plan.lines(true)).isEmpty();
            assertThat(steps.applyBackupCredentials(plan, new LocalStateStore(dir))).isEmpty();
            assertThat(steps.applyDns(plan, (ns, name) -> Optional.empty())).isEmpty();
            assertThat(steps.applyCertificates(plan, java.time.Duration.ofMillis(1), line -> { })).isEmpty();
            assertThat(steps.applyPrune(plan)).isEmpty();
        }
    }

    /** A --prune deploy that applies the apps looks for the records and certificates no app names any more. */
    @Test
    void pruningTheAppsNeedsAwsEvenWithoutHostnames(@TempDir Path dir) {
        // neither the backup job (mongo) nor a hostname (apps)
        List<DesiredComponent> withoutHostnames = rendered().stream()
                .filter(c -> !c.name().equals("apps") && !c.name().equals("mongo")).toList();
        try (DeployAwsSteps steps = new DeployAwsSteps(ACC, NO_AWS)) {
            DeployAwsSteps.Plan plan = steps.plan(withoutHostnames, List.of(), false, new LocalStateStore(dir),
                    (ns, name) -> Optional.empty());
            assertThat(plan.touchesAws()).isFalse();
            assertThatThrownBy(() -> steps.plan(withoutHostnames, List.of(), true, new LocalStateStore(dir),
                    (ns, name) -> Optional.empty()))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("AWS client");
        }
    }

    @Test
    void theBackupJobAndTheAppsHostnamesDoNeedAws(@TempDir Path dir) {
        for (String component : List.of("mongo", "apps")) {
            try (DeployAwsSteps steps = new DeployAwsSteps(ACC, NO_AWS)) {
                assertThatThrownBy(() -> steps.plan(rendered(), List.of(component), false,
                        new LocalStateStore(dir), (ns, name) -> Optional.empty()))
                        .as(component).isInstanceOf(AssertionError.class).hasMessageContaining("AWS client");
            }
        }
    }
}
