package dev.slipway.plan;

import dev.slipway.pki.ClusterPki;
import dev.slipway.render.RenderInput;
import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import dev.slipway.render.Renderer;
import dev.slipway.spec.Environment;
import dev.slipway.versions.Versions;
import java.util.List;

/**
 * Runs every renderer over one environment and checks that each stayed in its own folder.
 */
public final class PlanPipeline {
    private final List<Renderer> renderers;
    private final Versions versions;

    public PlanPipeline(List<Renderer> renderers, Versions versions) {
        this.renderers = List.copyOf(renderers);
        this.versions = versions;
    }

    public RenderedTree render(Environment environment, ClusterPki pki, String specFileName) {
        RenderInput input = new RenderInput(environment, versions, pki, specFileName);
        RenderedTree.Builder all = RenderedTree.builder();
        for (Renderer r : renderers) {
            RenderedTree.Builder own = RenderedTree.builder();
            r.render(input, own);
            RenderedTree part = own.build();
            for (RenderedFile f : part.files().values()) {
                if (!f.path().startsWith(r.stage() + "/")) {
                    throw new IllegalStateException("renderer " + r.stage() + " wrote outside its folder: "
                            + f.path());
                }
                all.file(f);
            }
            part.resources().forEach(pr -> all.resource(pr.stage(), pr.kind(), pr.name()));
        }
        return all.build();
    }
}
