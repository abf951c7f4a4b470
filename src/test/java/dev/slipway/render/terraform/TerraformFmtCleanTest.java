package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import dev.slipway.testing.HclTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered files are exactly what the real formatters would make of them: hclfmt (hashicorp/hcl/v2, the core
 * of terraform fmt) always, and {@code terraform fmt -check} (required in CI).
 */
class TerraformFmtCleanTest {
    @TempDir
    Path tmp;

    @Test
    void hclfmtChangesNothing() {
        Path hclfmt = HclTools.tool("hclfmt");
        for (RenderedTree tree : trees()) {
            for (RenderedFile f : tree.files().values()) {
                Path dir = tmp.resolve(tree.files().size() + "-" + f.path().hashCode());
                Path file = TerraformTrees.write(RenderedTree.builder().file(f).build(), dir).resolve(
                        Path.of(f.path()).getFileName());
                HclTools.Result r = HclTools.run(List.of(hclfmt.toString(), file.toString()), dir);
                assertThat(r.exitCode()).as(f.path() + ": " + r.err()).isZero();
                assertThat(r.out()).as(f.path()).isEqualTo(new String(f.content(), StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * Terraform's own fmt adds a few rules to hclfmt's (type constraints, interpolation-only strings). Every machine
     * of this project has terraform (the image ships it; .ci/run builds OpenTofu where it does not), so the test
     * always runs and fails when neither is on PATH.
     */
    @Test
    void terraformFmtCheckPasses() {
        Path terraform = HclTools.terraform();
        int i = 0;
        for (RenderedTree tree : trees()) {
            Path dir = TerraformTrees.write(tree, tmp.resolve("tree" + i++));
            HclTools.Result r = HclTools.run(List.of(terraform.toString(), "fmt", "-check", "-diff",
                    "-recursive"), dir);
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        }
    }

    private static List<RenderedTree> trees() {
        return List.of(TerraformTrees.render(ExampleEnvironments.acc()),
                TerraformTrees.render(ExampleEnvironments.prod()),
                TerraformTrees.render(ExampleEnvironments.fedoraThreeZones()),
                TerraformTrees.render(ExampleEnvironments.existingVpc()));
    }
}
