package dev.slipway.render.k8s;

import dev.slipway.testing.GoldenFiles;
import org.junit.jupiter.api.Test;

/**
 * Golden files for the whole {@code k8s/} stage (every component, {@code components.txt}) of the example spec's acc
 * and prod, read by the real spec reader. Regenerate with {@code -Dslipway.golden.update=true} and review the diff.
 */
class KubernetesGoldenTest {

    @Test
    void exampleAcc() {
        GoldenFiles.assertMatches("k8s-acc", RenderedK8s.render(RenderedK8s.example("acc")).files());
    }

    @Test
    void exampleProd() {
        GoldenFiles.assertMatches("k8s-prod", RenderedK8s.render(RenderedK8s.example("prod")).files());
    }
}
