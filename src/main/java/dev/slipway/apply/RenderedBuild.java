package dev.slipway.apply;

import dev.slipway.pki.ClusterPki;
import dev.slipway.pki.PkiEntry;
import dev.slipway.plan.PlanPipeline;
import dev.slipway.plan.TreeDiff;
import dev.slipway.plan.Workspace;
import dev.slipway.render.RenderedTree;
import dev.slipway.render.Renderers;
import dev.slipway.spec.Environment;
import dev.slipway.versions.Versions;
import java.util.EnumMap;

/**
 * Renders one environment and brings {@code build/ENV/} up to date: what {@code slipway plan} does, shared with the
 * commands that run tools in the build tree ({@code slipway infra ...}), so those never act on a stale tree.
 *
 * @param tree  the rendered tree
 * @param diff  how it differed from the folder before this call
 * @param build the build folder
 */
public record RenderedBuild(RenderedTree tree, TreeDiff diff, BuildDirectory build) {

    /** Renders {@code env} of {@code ws}; writes the changed files unless {@code dryRun}. */
    public static RenderedBuild render(Workspace ws, Environment env, boolean dryRun) {
        ClusterPki pki = new ClusterPki(new EnumMap<>(PkiEntry.class), "");
        RenderedTree tree = new PlanPipeline(Renderers.all(), Versions.bundled())
                .render(env, pki, ws.specFile().getFileName().toString());
        BuildDirectory build = new BuildDirectory(ws.buildDirectory(env.name()));
        TreeDiff diff = build.diff(tree);
        if (!dryRun) {
            build.apply(tree, diff);
        }
        return new RenderedBuild(tree, diff, build);
    }
}
