package dev.slipway.cli;

import dev.slipway.apply.BuildDirectory;
import dev.slipway.apply.RenderedBuild;
import dev.slipway.plan.FileChange;
import dev.slipway.plan.PlanSummary;
import dev.slipway.plan.TreeDiff;
import dev.slipway.plan.Workspace;
import dev.slipway.render.RenderedTree;
import dev.slipway.spec.Environment;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway plan}: validate the spec and render one environment into {@code build/ENV/}. */
@Command(name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Validate the spec, then render everything for one environment into build/ENV/ beside the spec",
            "(terraform/, ignition/, provisioning/, k8s/, ...) and print what it would create, per kind.",
            "Rendering is deterministic: the same spec and state give byte-identical files. Only changed files",
            "are rewritten; files no longer rendered are removed. Reads the environment's PKI from its state store",
            "(the spec's stateStore; .slipway/ENV/ is its local cache) and creates it when the store and the cache",
            "are both empty (a protected environment needs --confirm ENV for that). --dry-run writes nothing.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway plan --env acc -f examples/yourcom/platform.yaml",
            "  slipway plan --env prod --dry-run --output json",
        })
public final class PlanCommand implements Callable<Integer> {
    @Mixin
    SpecOption specOption;
    @Mixin
    EnvOption envOption;
    @Mixin
    DryRunOption dryRun;
    @Mixin
    ConfirmOption confirm;
    @Mixin
    OutputOption output;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Workspace ws = specOption.load();
        Environment env = ws.environment(envOption.name());
        RenderedBuild rendered = RenderedBuild.render(ws, env, dryRun.enabled(),
                StateStoreLine.mayCreateCa(env, confirm));
        StateStoreLine.print(spec.commandLine(), rendered.stateStore());
        logPki(rendered.pkiCreated());
        RenderedTree tree = rendered.tree();
        warnUnverifiedDownloads(tree);
        BuildDirectory build = rendered.build();
        TreeDiff diff = rendered.diff();
        String shownDir = ws.directory().relativize(build.root()).toString();
        PlanSummary summary = PlanSummary.of(env.platformName(), env.name(), build.root().toString(),
                dryRun.enabled(), tree, diff);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOption.printJson(out, summary);
        } else {
            printText(out, summary, shownDir, diff);
        }
        return ExitCodes.OK;
    }

    private void logPki(long changed) {
        if (changed > 0 && !Verbosity.of(spec.commandLine()).quiet()) {
            String where = "the state store";
            // A log line, on stderr: stdout stays the plan (and valid JSON with -o json).
            spec.commandLine().getErr().printf("%s %d PKI entr%s in %s%s%n",
                    dryRun.enabled() ? "would create" : "created", changed, changed == 1 ? "y" : "ies", where,
                    dryRun.enabled() ? " (dry run: not stored; 'slipway certs --env ENV' creates them)" : "");
        }
    }

    /** Downloads nodes cannot verify are a supply-chain gap: say so on every plan, not only in the summary. */
    private void warnUnverifiedDownloads(RenderedTree tree) {
        tree.resources().stream().filter(r -> r.kind().equals("unverified-download")).forEach(r ->
                spec.commandLine().getErr().printf("warning: %s: nodes download this without checksum"
                        + " verification; pin its checksum in versions.properties%n", r.name()));
    }

    private static void printText(PrintWriter out, PlanSummary s, String shownDir, TreeDiff diff) {
        out.printf("Environment %s of %s%s%n", s.environment(), s.platform(), s.dryRun() ? " (dry run: nothing written)" : "");
        out.printf("%s %s: %d files (%d new, %d changed, %d unchanged, %d removed)%n",
                s.dryRun() ? "would write" : "wrote", shownDir, s.files().get("total"),
                diff.count(FileChange.Kind.CREATE), diff.count(FileChange.Kind.UPDATE),
                diff.count(FileChange.Kind.UNCHANGED), diff.count(FileChange.Kind.DELETE));
        for (var stage : s.resources().entrySet()) {
            out.printf("%s:%n", stage.getKey());
            for (var kind : stage.getValue().entrySet()) {
                out.printf("  %4d  %s%n", kind.getValue(), kind.getKey());
            }
        }
    }
}
