package dev.slipway.apply;

import dev.slipway.pki.ClusterPki;
import dev.slipway.pki.EnvironmentPki;
import dev.slipway.pki.PkiAction;
import dev.slipway.plan.FileChange;
import dev.slipway.plan.PlanPipeline;
import dev.slipway.plan.UserFiles;
import dev.slipway.plan.TreeDiff;
import dev.slipway.plan.Workspace;
import dev.slipway.render.RenderedTree;
import dev.slipway.render.Renderers;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.state.DryRunStateStore;
import dev.slipway.state.StateStore;
import dev.slipway.versions.Versions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders one environment and brings {@code build/ENV/} up to date: what {@code slipway plan} does, shared with the
 * commands that run tools in the build tree ({@code slipway infra ...}), so those never act on a stale tree.
 * Creates the environment's PKI where missing first (on a dry run only in memory, so the plan shows real files).
 *
 * @param tree       the rendered tree
 * @param diff       how it differed from the folder before this call
 * @param build      the build folder
 * @param pkiCreated PKI entries created (or, on a dry run, that would be)
 * @param stateStore where the state came from, for the line every command prints about it
 * @param before     the folder's files before this call, by relative path (for {@code plan --diff}); when nothing was
 *                   rendered, files Slipway did not write are listed with no content ({@link #NOT_READ})
 * @param rendered   false when nothing was rendered: the inputs' fingerprint and every file matched the build record
 *                   ({@link BuildRecord}), so the tree is the folder as it is
 */
public record RenderedBuild(RenderedTree tree, TreeDiff diff, BuildDirectory build, long pkiCreated,
        String stateStore, Map<String, byte[]> before, boolean rendered) {

    /**
     * The content shown in {@link #before()} for a file Slipway did not write when the render was skipped: such files
     * are listed, not read (they are neither rendered nor compared).
     */
    static final byte[] NOT_READ = new byte[0];

    /**
     * Renders {@code env} of {@code ws} into {@code build/ENV/}; writes the changed files and new PKI unless
     * {@code dryRun}. A protected environment's first CA needs {@link #render(Workspace, Environment, boolean,
     * boolean)} with {@code mayCreateCa}.
     */
    public static RenderedBuild render(Workspace ws, Environment env, boolean dryRun) {
        return render(ws, env, dryRun, dryRun || !env.protectedEnv());
    }

    /** As above; {@code mayCreateCa}: whether a PKI may be created where none exists (the caller asked). */
    public static RenderedBuild render(Workspace ws, Environment env, boolean dryRun, boolean mayCreateCa) {
        return renderTo(ws, env, ws.buildDirectory(env.name()), dryRun, mayCreateCa, !dryRun);
    }

    /**
     * Renders into {@code root}. {@code readOnlyState}: state is only read (what would be created stays in memory);
     * {@code writeFiles}: the tree is written to {@code root} (a dry run that needs files on disk renders into a
     * temporary folder with {@code readOnlyState} and {@code writeFiles}).
     */
    public static RenderedBuild renderTo(Workspace ws, Environment env, Path root, boolean readOnlyState,
            boolean mayCreateCa, boolean writeFiles) {
        return renderTo(ws, env, root, readOnlyState, mayCreateCa, writeFiles, "");
    }

    /**
     * What {@code slipway sync} compares against: renders {@code env} in memory (state only read, nothing written)
     * and keeps files the user put under {@code build/ENV/PREFIX} (for sync: {@code provisioning/}) as
     * {@link FileChange.Kind#UNKNOWN} changes instead of refusing them: sync uploads them as they are, with a
     * warning. Unknown files elsewhere in the build folder are still refused.
     */
    public static RenderedBuild compareKeeping(Workspace ws, Environment env, String prefix) {
        return renderTo(ws, env, ws.buildDirectory(env.name()), true, true, false, prefix);
    }

    private static RenderedBuild renderTo(Workspace ws, Environment env, Path root, boolean readOnlyState,
            boolean mayCreateCa, boolean writeFiles, String keptUnknownPrefix) {
        String itself;
        try {
            itself = RenderInputs.itself();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return renderTo(ws, env, root, readOnlyState, mayCreateCa, writeFiles, keptUnknownPrefix, itself);
    }

    /** As above, {@code itself} naming the build of Slipway that renders (see {@link RenderInputs}). */
    static RenderedBuild renderTo(Workspace ws, Environment env, Path root, boolean readOnlyState,
            boolean mayCreateCa, boolean writeFiles, String keptUnknownPrefix, String itself) {
        StateStore opened = ws.stateStore(env.name(), readOnlyState);
        BuildDirectory build = new BuildDirectory(root);
        BuildRecord record = build.record();
        // Time alone makes the bootstrap token due for renewal: then render, whatever the fingerprint says.
        boolean tokenDue = EnvironmentPki.withSystemClock(opened).bootstrapTokenRenewalDue();
        if (!record.fingerprint().isEmpty() && !tokenDue) {
            // Nothing a render depends on changed and every file is as written: the render would be byte-identical,
            // so skip it (and the PKI check and the renderers it would load). Only the recorded files are read: the
            // files sync keeps under its prefix (thousands, uploaded as they are) are listed, not read.
            java.util.Set<String> paths = build.list();
            boolean onlyKnown = paths.stream().allMatch(p -> record.files().containsKey(p) || UserFiles.isUsers(p)
                    || (!keptUnknownPrefix.isEmpty() && !writeFiles && p.startsWith(keptUnknownPrefix)));
            if (onlyKnown && paths.containsAll(record.files().keySet())) {
                Map<String, byte[]> present = build.read(record.files().keySet());
                if (record.matchesFolder(present)
                        && record.fingerprint().equals(RenderInputs.fingerprint(ws, env.name(), opened, itself))) {
                    RenderedTree tree = record.tree(present);
                    Map<String, byte[]> listed = new java.util.TreeMap<>(present);
                    paths.forEach(p -> listed.putIfAbsent(p, NOT_READ));
                    TreeDiff same = TreeDiff.between(tree, listed, record.files().keySet());
                    return new RenderedBuild(tree, same, build, 0, opened.location(), listed, false);
                }
            }
        }
        StateStore store = readOnlyState ? new DryRunStateStore(opened) : opened;
        EnvironmentPki pki = EnvironmentPki.withSystemClock(store);
        List<PkiAction> actions = pki.ensure(env, Optional.empty(), mayCreateCa || readOnlyState);
        long created = actions.stream().filter(PkiAction::changes).count();
        ClusterPki material = pki.load();
        RenderedTree tree = new PlanPipeline(Renderers.all(), Versions.bundled())
                .render(env, material, ws.specFile().getFileName().toString());
        Map<String, byte[]> before = build.read();
        TreeDiff diff = TreeDiff.between(tree, before, record.files().keySet());
        refuseUnknownFiles(build, diff, writeFiles ? "" : keptUnknownPrefix);
        if (writeFiles) {
            build.apply(tree, diff, RenderInputs.fingerprint(ws, env.name(), opened, itself));
        }
        return new RenderedBuild(tree, diff, build, created, opened.location(), before, true);
    }

    /** A file Slipway did not write would have been deleted: name it and stop, before anything is written. */
    private static void refuseUnknownFiles(BuildDirectory build, TreeDiff diff, String keptPrefix) {
        List<String> unknown = diff.of(FileChange.Kind.UNKNOWN).stream()
                .filter(c -> keptPrefix.isEmpty() || !c.path().startsWith(keptPrefix))
                .map(c -> dev.slipway.spec.ShownPath.of(build.root().resolve(c.path()))).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException((unknown.size() == 1 ? unknown.get(0) + ": a file" : String.join(", ",
                    unknown) + ": files") + " Slipway did not write, in its build folder; it would be deleted, so"
                    + " nothing was written. Move or delete " + (unknown.size() == 1 ? "it" : "them") + " ("
                    + UserFiles.advice() + ")");
        }
    }
}
