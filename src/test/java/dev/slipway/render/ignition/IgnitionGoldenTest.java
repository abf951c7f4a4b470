package dev.slipway.render.ignition;

import dev.slipway.testing.GoldenFiles;
import org.junit.jupiter.api.Test;

/**
 * Golden files for the node configs (pointer configs, full configs, secret files by name, SHA256SUMS) of the
 * example spec's environments, read by the real spec reader: acc (one controller, one pool) and prod (three
 * controllers, a tainted and labelled pool); plus Fedora CoreOS, built directly. The PKI is a fixed test PKI.
 * Regenerate with {@code -Dslipway.golden.update=true} and review the diff.
 */
class IgnitionGoldenTest {

    @Test
    void exampleAcc() {
        GoldenFiles.assertMatches("ignition-example-acc", IgnitionFixtures.render(IgnitionFixtures.example("acc")).files());
    }

    @Test
    void exampleProd() {
        GoldenFiles.assertMatches("ignition-example-prod", IgnitionFixtures.render(IgnitionFixtures.example("prod")).files());
    }

    /** Graviton controllers and an arm64 pool beside an amd64 one: each role downloads its own kubelet. */
    @Test
    void graviton() {
        GoldenFiles.assertMatches("ignition-graviton", IgnitionFixtures.render(IgnitionFixtures.graviton()).files());
    }

    @Test
    void fedoraCoreOs() {
        GoldenFiles.assertMatches("ignition-fcos", IgnitionFixtures.render(IgnitionFixtures.fedoraCoreOs()).files());
    }
}
