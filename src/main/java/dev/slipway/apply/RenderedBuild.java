package dev.slipway.apply;

import dev.slipway.pki.CertificateIssuer;
import dev.slipway.pki.ClusterPki;
import dev.slipway.pki.EnvironmentPki;
import dev.slipway.pki.PkiAction;
import dev.slipway.pki.PkiLifetimes;
import dev.slipway.plan.FileChange;
import dev.slipway.plan.PlanPipeline;
import dev.slipway.plan.UserFiles;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.plan.TreeDiff;
import dev.slipway.plan.Workspace;
import dev.slipway.render.RenderedTree;
import dev.slipway.render.Renderers;
import dev.slipway.spec.Environment;
import dev.slipway.state.DryRunStateStore;
import dev.slipway.state.StateStore;
import dev.slipway.versions.Versions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Renders one environment and brings {@code build/ENV/} up to date: what {@code slipway plan} does, shared with the
 * commands that run tools in the build tree ({@code slipway infra ...}), so those never act on a stale tree.
 * Creates the environment's PKI where missing first (on a dry run only in memory, so the plan shows real files).
 *
 * @param tree       the rendered tree
 * @param diff       how it differed from the folder before this call
 * @param build      the build folder
 * @param pkiCreated PKI entries created (or, on a dry run, that would be)
 * @param before     the folder's files before this call, by relative path (for {@code plan --diff})
 */
public record RenderedBuild(RenderedTree tree, TreeDiff diff, BuildDirectory build, long pkiCreated,
        Map<String, byte[]> before) {

    /** Renders {@code env} of {@code ws}; writes the changed files and new PKI unless {@code dryRun}. */
    public static RenderedBuild render(Workspace ws, Environment env, boolean dryRun) {
        StateStore store = ws.stateStore(env.name());
        BuildDirectory existing = new BuildDirectory(ws.buildDirectory(env.name()));
        BuildRecord record = existing.record();
        if (!record.fingerprint().isEmpty()) {
            // Nothing a render depends on changed and every file is as written: the render would be byte-identical,
            // so skip it (and the PKI check and the renderers it would load).
            Map<String, byte[]> present = existing.read();
            if (record.matchesFolder(present) && present.keySet().stream().allMatch(p ->
                    record.files().containsKey(p) || dev.slipway.plan.UserFiles.isUsers(p))
                    && record.fingerprint().equals(RenderInputs.fingerprint(ws, env.name(), store))) {
                RenderedTree tree = record.tree(present);
                TreeDiff same = TreeDiff.between(tree, present, record.files().keySet());
                return new RenderedBuild(tree, same, existing, 0, present);
            }
        }
        EnvironmentPki pki = new EnvironmentPki(dryRun ? new DryRunStateStore(store) : store,
                new CertificateIssuer(Clock.systemUTC(), new SecureRandom()), PkiLifetimes.defaults());
        List<PkiAction> actions = pki.ensure(env);
        long created = actions.stream().filter(PkiAction::changes).count();
        ClusterPki material = pki.load();
        RenderedTree tree = new PlanPipeline(Renderers.all(), Versions.bundled())
                .render(env, material, ws.specFile().getFileName().toString());
        BuildDirectory build = new BuildDirectory(ws.buildDirectory(env.name()));
        Map<String, byte[]> before = build.read();
        TreeDiff diff = TreeDiff.between(tree, before, build.record().files().keySet());
        refuseUnknownFiles(build, diff);
        if (!dryRun) {
            build.apply(tree, diff, RenderInputs.fingerprint(ws, env.name(), store));
        }
        return new RenderedBuild(tree, diff, build, created, before);
    }

    /** A file Slipway did not write would have been deleted: name it and stop, before anything is written. */
    private static void refuseUnknownFiles(BuildDirectory build, TreeDiff diff) {
        List<String> unknown = diff.of(FileChange.Kind.UNKNOWN).stream()
                .map(c -> dev.slipway.spec.ShownPath.of(build.root().resolve(c.path()))).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException((unknown.size() == 1 ? unknown.get(0) + ": a file" : String.join(", ",
                    unknown) + ": files") + " Slipway did not write, in its build folder; it would be deleted, so"
                    + " nothing was written. Move or delete " + (unknown.size() == 1 ? "it" : "them") + " ("
                    + UserFiles.advice() + ")");
        }
    }
}
