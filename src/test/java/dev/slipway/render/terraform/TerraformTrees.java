package dev.slipway.render.terraform;

import dev.slipway.pki.ClusterPki;
import dev.slipway.render.RenderInput;
import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import dev.slipway.spec.Environment;
import dev.slipway.versions.Versions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Renders the terraform stage alone, and writes it to a folder for the external tools. */
final class TerraformTrees {
    private TerraformTrees() {
    }

    static RenderedTree render(Environment env) {
        RenderedTree.Builder out = RenderedTree.builder();
        new TerraformRenderer().render(new RenderInput(env, Versions.bundled(), new ClusterPki(new java.util.EnumMap<>(dev.slipway.pki.PkiEntry.class), null, null),
                "platform.yaml"), out);
        return out.build();
    }

    static Path write(RenderedTree tree, Path dir) {
        try {
            for (RenderedFile f : tree.files().values()) {
                Path p = dir.resolve(f.path());
                Files.createDirectories(p.getParent());
                Files.write(p, f.content());
            }
            return dir.resolve(TerraformRenderer.STAGE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
