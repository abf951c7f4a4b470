package dev.slipway.render.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GoldenFiles;
import org.junit.jupiter.api.Test;

/** The example's whole {@code k8s/} stage for acc and prod, file for file. */
class KubernetesGoldenTest {

    @Test
    void accMatchesGoldenFiles() {
        GoldenFiles.assertMatches("k8s-acc", RenderedK8s.render(RenderedK8s.example("acc")).files());
    }

    @Test
    void prodMatchesGoldenFiles() {
        GoldenFiles.assertMatches("k8s-prod", RenderedK8s.render(RenderedK8s.example("prod")).files());
    }

    /** Issue 28: prod with a mixed spot pool (SpotFixture): the node termination handler, tolerations. */
    @Test
    void aSpotPoolMatchesGoldenFiles() {
        GoldenFiles.assertMatches("k8s-prod-spot", RenderedK8s.render(dev.slipway.testing.SpotFixture.prod()).files());
    }

    /** A mixed arm64/amd64 environment: amd64-only images and apps kept off the Graviton pool. */
    @Test
    void gravitonMatchesGoldenFiles() {
        GoldenFiles.assertMatches("k8s-graviton",
                RenderedK8s.render(dev.slipway.render.ignition.IgnitionFixtures.graviton()).files());
    }

    @Test
    void renderingTwiceGivesIdenticalBytes() {
        assertThat(RenderedK8s.render(RenderedK8s.example("prod")).files())
                .isEqualTo(RenderedK8s.render(RenderedK8s.example("prod")).files());
    }
}
