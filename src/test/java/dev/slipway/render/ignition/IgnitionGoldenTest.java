package dev.slipway.render.ignition;

import dev.slipway.testing.GoldenFiles;
import org.junit.jupiter.api.Test;

/**
 * Golden files for the node configs: acc (one controller, one pool, Flatcar), prod (three controllers, a tainted
 * pool) and Fedora CoreOS. Regenerate with {@code -Dslipway.golden.update=true} and review the diff.
 */
class IgnitionGoldenTest {

    @Test
    void accFlatcar() {
        GoldenFiles.assertMatches("ignition-acc", IgnitionFixtures.render(IgnitionFixtures.acc()).files());
    }

    @Test
    void prodThreeControllersAndTaintedPool() {
        GoldenFiles.assertMatches("ignition-prod", IgnitionFixtures.render(IgnitionFixtures.prod()).files());
    }

    @Test
    void fedoraCoreOs() {
        GoldenFiles.assertMatches("ignition-fcos", IgnitionFixtures.render(IgnitionFixtures.fedoraCoreOs()).files());
    }
}
