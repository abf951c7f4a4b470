package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import dev.slipway.testing.HclTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered files are exactly what the real formatters would make of them: hclfmt (hashicorp/hcl/v2, the core
 * of terraform fmt) always, and {@code terraform fmt -check} too when terraform or tofu is on PATH.
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

    @Test
    void terraformFmtCheckPassesWhenTerraformIsInstalled() {
        Optional<Path> terraform = HclTools.terraformOnPath();
        // hclfmt above is the check that always runs; this one adds Terraform's own extra rules when it is here.
        terraform.ifPresent(tf -> {
            int i = 0;
            for (RenderedTree tree : trees()) {
                Path dir = TerraformTrees.write(tree, tmp.resolve("tree" + i++));
                HclTools.Result r = HclTools.run(List.of(tf.toString(), "fmt", "-check", "-diff", "-recursive"), dir);
                assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            }
        });
        assertThat(trees()).hasSize(3);
    }

    private static List<RenderedTree> trees() {
        return List.of(TerraformTrees.render(ExampleEnvironments.acc()),
                TerraformTrees.render(ExampleEnvironments.prod()),
                TerraformTrees.render(ExampleEnvironments.fedoraThreeZones()));
    }
}
