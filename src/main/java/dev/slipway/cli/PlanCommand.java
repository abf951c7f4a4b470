package dev.slipway.cli;

import dev.slipway.apply.RenderedBuild;
import dev.slipway.plan.FileChange;
import dev.slipway.plan.PlanSummary;
import dev.slipway.plan.TreeDiff;
import dev.slipway.plan.UnifiedDiff;
import dev.slipway.plan.Workspace;
import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import dev.slipway.spec.Environment;
import dev.slipway.spec.SpecException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway plan}: validate the spec and render one environment into {@code build/ENV/}. */
@Command(name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Validate the spec and render one environment into build/ENV/, printing the files that change.",
            "Renders everything for the environment (terraform/, ignition/, provisioning/, k8s/, ...) beside the spec"
                    + " and prints each new, changed and removed file (with --diff, a unified diff; secret files by"
                    + " name only), then a one-line inventory. Rendering is deterministic: the same spec and state"
                    + " give byte-identical files. Only changed files are rewritten. Reads the environment's PKI from"
                    + " its state store (the spec's stateStore; .slipway/ENV/ is its local cache) and creates it when"
                    + " the store and the cache are both empty (a protected environment needs --confirm ENV for"
                    + " that). --dry-run writes nothing.",
            "Your own Terraform lives beside the rendered files as build/ENV/terraform/user_*.tf (extra resources)"
                    + " or *_override.tf (Terraform override files): Slipway never touches those and lists them as"
                    + " yours. Any other file Slipway did not write stops the plan before anything is written.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway plan --env acc -f examples/yourcom/platform.yaml",
            "  slipway plan --env acc --dry-run --diff",
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

    @Option(names = "--diff", description = "Show a unified diff of every changed file (secret files by name only).")
    boolean showDiff;

    @Override
    public Integer call() throws Exception {
        Report report = new Report(spec, output);
        Workspace ws;
        try {
            ws = specOption.load();
        } catch (SpecException e) {
            return output.specProblems(spec, envOption.name(), e);
        }
        Environment env = ws.environment(envOption.name());
        ws.platform().warnings().forEach(w -> report.warn(w.format()));
        RenderedBuild rendered = RenderedBuild.render(ws, env, dryRun.enabled(),
                StateStoreLine.mayCreateCa(env, confirm));
        StateStoreLine.print(spec.commandLine(), rendered.stateStore());
        logPki(report, ws, env, rendered.pkiCreated());
        RenderedTree tree = rendered.tree();
        warnUnverifiedDownloads(report, tree);
        PlanSummary summary = PlanSummary.of(env.platformName(), env.name(), rendered.build().root().toString(),
                dryRun.enabled(), tree, rendered.diff());
        if (report.json()) {
            report.json(env.name(), summary);
        } else {
            printText(report, summary, Report.shown(rendered.build().root()), rendered);
        }
        return ExitCodes.OK;
    }

    private void logPki(Report report, Workspace ws, Environment env, long changed) {
        if (changed > 0) {
            // A log line, on stderr: stdout stays the plan (and valid JSON with -o json).
            report.log(String.format("%s %d PKI entr%s in the state store%s", dryRun.enabled() ? "would create"
                    : "created", changed, changed == 1 ? "y" : "ies", dryRun.enabled()
                    ? " (dry run: not stored; '" + Hints.command(ws, "certs --env " + env.name()) + "' creates them)"
                    : ""));
        }
    }

    /** Downloads nodes cannot verify are a supply-chain gap: say so on every plan, not only in the summary. */
    private static void warnUnverifiedDownloads(Report report, RenderedTree tree) {
        tree.resources().stream().filter(r -> r.kind().equals("unverified-download")).forEach(r ->
                report.warn(r.name() + ": nodes download this without checksum verification; pin its checksum in"
                        + " versions.properties"));
    }

    private void printText(Report report, PlanSummary s, String shownDir, RenderedBuild rendered) {
        PrintWriter out = report.out();
        TreeDiff diff = rendered.diff();
        for (FileChange c : diff.changes()) {
            boolean listed = c.kind().changes() || report.verbose();
            if (listed) {
                out.printf("  %-9s %s%s%n", c.kind().word(), c.path(), c.secret() ? "  (secret)" : "");
            }
            if (showDiff && c.kind().changes()) {
                printDiff(out, c, rendered);
            }
        }
        if (report.quiet()) {
            return;
        }
        Map<String, Long> n = s.counts();
        long changed = n.get("new") + n.get("changed") + n.get("removed");
        String verb = changed == 0 ? "up to date" : s.dryRun() ? "would change (dry run: nothing written)" : "written";
        out.printf("%s: %s, %d files (%d new, %d changed, %d removed, %d unchanged%s); %s%n", shownDir, verb,
                s.files().stream().filter(f -> !f.change().equals("removed") && !f.change().equals("yours")).count(),
                n.get("new"), n.get("changed"), n.get("removed"), n.get("unchanged"),
                n.get("yours") > 0 ? ", " + n.get("yours") + " yours" : "", inventory(s));
        if (report.verbose()) {
            for (var stage : s.resources().entrySet()) {
                out.printf("%s:%n", stage.getKey());
                for (var kind : stage.getValue().entrySet()) {
                    out.printf("  %4d  %s%n", kind.getValue(), kind.getKey());
                }
            }
        }
    }

    /** The one-line inventory: resources per stage, e.g. {@code terraform 41, ignition 3}. */
    private static String inventory(PlanSummary s) {
        return s.resources().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().values().stream().mapToInt(Integer::intValue).sum())
                .collect(Collectors.joining(", ", "resources: ", ""));
    }

    private static void printDiff(PrintWriter out, FileChange c, RenderedBuild rendered) {
        if (c.secret()) {
            out.printf("      (secret: content not shown)%n");
            return;
        }
        byte[] before = rendered.before().get(c.path());
        RenderedFile after = rendered.tree().files().get(c.path());
        out.print(UnifiedDiff.of(c.path(), before == null ? "" : new String(before, StandardCharsets.UTF_8),
                after == null ? "" : new String(after.content(), StandardCharsets.UTF_8)));
    }
}
