package dev.slipway.render.k8s.workloads;

import dev.slipway.testing.GoldenFiles;
import org.junit.jupiter.api.Test;

/**
 * Golden files of the whole {@code k8s/} stage for the example's environments (cases shared with the other
 * components' branches: {@code k8s-acc}, {@code k8s-prod}). Regenerate with {@code -Dslipway.golden.update=true} and
 * read the diff.
 */
class WorkloadsGoldenTest {

    @Test
    void exampleAcc() {
        GoldenFiles.assertMatches("k8s-acc", WorkloadFixtures.render(WorkloadFixtures.example("acc")).files());
    }

    @Test
    void exampleProd() {
        GoldenFiles.assertMatches("k8s-prod", WorkloadFixtures.render(WorkloadFixtures.example("prod")).files());
    }
}
