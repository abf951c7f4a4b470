package dev.slipway.render.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GoldenFiles;
import org.junit.jupiter.api.Test;

/** The example's whole {@code k8s/} stage for acc and prod, file for file. */
class KubernetesGoldenTest {

    @Test
    void accMatchesGoldenFiles() {
        GoldenFiles.assertMatches("k8s-acc", ExampleK8s.render(ExampleK8s.environment("acc")).files());
    }

    @Test
    void prodMatchesGoldenFiles() {
        GoldenFiles.assertMatches("k8s-prod", ExampleK8s.render(ExampleK8s.environment("prod")).files());
    }

    @Test
    void renderingTwiceGivesIdenticalBytes() {
        assertThat(ExampleK8s.render(ExampleK8s.environment("prod")).files())
                .isEqualTo(ExampleK8s.render(ExampleK8s.environment("prod")).files());
    }
}
