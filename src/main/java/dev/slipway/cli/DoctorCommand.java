package dev.slipway.cli;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import dev.slipway.operate.doctor.CheckResult;
import dev.slipway.operate.doctor.Doctor;
import dev.slipway.operate.doctor.DoctorReport;
import dev.slipway.operate.doctor.DoctorSession;
import dev.slipway.operate.doctor.Finding;
import dev.slipway.operate.doctor.ReportJson;
import dev.slipway.operate.doctor.Verdict;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.spec.SpecException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway doctor}: what is wrong with an environment, the evidence, and the fix. */
@Command(name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Check the environment's cluster and AWS resources; for each problem the evidence and the fix.",
            "Checks: nodes NotReady or still carrying the cloud provider's uninitialized taint; Slipway-managed"
                    + " workloads not ready or crash looping; certificates expiring within 30 days (PKI in the state"
                    + " store, kubelet certificates issued through CSRs); version skew between API server, kubelets"
                    + " and the spec; PersistentVolumeClaims not bound; PodDisruptionBudgets that block every drain;"
                    + " LoadBalancer Services without an address; AWS load balancers tagged for a Service that is"
                    + " gone; s3://NAME-infra/ENV/nodes/ out of date with build/ENV/provisioning/.",
            "--fix applies only the safe fixes, after showing them and asking: deletes a crash-looping Pod of a"
                    + " Slipway-managed controller (the controller makes a new one), and uploads provisioning files"
                    + " that differ (sync without prune). Everything else is a printed command for you to run."
                    + " --dump DIR writes a diagnostics bundle without secret values.",
            "Exit 0 when nothing fails (warnings allowed), 1 when a check fails.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway doctor --env acc",
            "  slipway doctor --env acc --fix --dry-run      what --fix would do",
            "  slipway doctor --env acc --fix                show, ask, fix, check again",
            "  slipway doctor --env prod --dump /tmp/prod-diag -o json",
        })
public final class DoctorCommand implements Callable<Integer> {
    @Mixin
    SpecOption specOption;
    @Mixin
    EnvOption envOption;
    @Mixin
    OutputOption output;
    @Mixin
    KubeconfigOption kubeconfig;
    @Mixin
    DryRunOption dryRun;
    @Mixin
    YesOption yes;
    @Mixin
    ConfirmOption confirm;
    @Spec
    CommandSpec spec;

    @Option(names = "--fix", description = "Apply the safe fixes (after showing them and asking), then check again.")
    boolean fix;

    @Option(names = "--dump", paramLabel = "DIR", description = "Write a diagnostics bundle into DIR (made"
            + " owner-only): nodes, events, Pod states, add-on logs, versions, certificate dates, tagged AWS load"
            + " balancers. No Secret, environment variable, annotation, key or token is in it.")
    Path dump;

    @Option(names = "--fix-wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "After --fix, how long to wait for the fixed checks to pass (default: ${DEFAULT-VALUE}).")
    long fixWait;

    @Override
    public Integer call() throws Exception {
        if (dryRun.enabled() && dump != null) {
            throw new InvalidInputException("--dry-run writes nothing, --dump writes a bundle: use one of them");
        }
        if (fixWait < 0) {
            throw new InvalidInputException("--fix-wait " + fixWait + ": must be 0 or more seconds");
        }
        Workspace ws;
        try {
            ws = specOption.load();
        } catch (SpecException e) {
            return output.specProblems(spec, envOption.name(), e);
        }
        Environment env = ws.environment(envOption.name());
        Report report = new Report(spec, output);
        PrintWriter out = report.out();
        try (KubernetesClient client = kubeconfig.connect(ws, env);
                DoctorSession session = new DoctorSession(ws, env, client, Instant.now())) {
            Doctor doctor = session.doctor();
            DoctorReport found = doctor.examine();
            DoctorReport last = found;
            List<Doctor.FixOutcome> fixes = List.of();
            if (!report.json()) {
                print(out, env, found, ws);
            }
            if (fix) {
                fixes = fix(doctor, found, env, report);
                if (fixes == null) {
                    return ExitCodes.FAILURE;
                }
                if (!dryRun.enabled() && !fixes.isEmpty()) {
                    last = doctor.recheck(found, Duration.ofSeconds(fixWait));
                    if (!report.json()) {
                        out.println();
                        out.println("After the fixes:");
                        print(out, env, last, ws);
                    }
                }
            }
            String dumped = null;
            if (dump != null) {
                ClusterSnapshot cluster = ClusterSnapshot.read(client);
                List<String> files = session.bundle(cluster).write(dump, session.contents(cluster, last));
                dumped = dump.toAbsolutePath().normalize().toString();
                report.log("slipway: wrote " + files.size() + " files to " + Report.shown(dump));
            }
            if (report.json()) {
                Map<String, Object> result = new LinkedHashMap<>(ReportJson.of(last));
                result.put("dryRun", dryRun.enabled());
                result.put("fixes", ReportJson.fixes(fixes));
                result.put("dump", dumped);
                report.json(env.name(), result);
            }
            return last.verdict() == Verdict.FAIL ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }

    /** Shows the safe fixes, asks, applies; null when the person at the terminal declined. */
    private List<Doctor.FixOutcome> fix(Doctor doctor, DoctorReport found, Environment env, Report report) {
        PrintWriter out = report.out();
        List<Finding> safe = found.safeFixes();
        if (safe.isEmpty()) {
            report.log("slipway: nothing --fix can repair; the fixes above are for you to run");
            return List.of();
        }
        if (!report.json()) {
            out.println();
            out.println((dryRun.enabled() ? "--fix would" : "--fix will") + ":");
            safe.forEach(f -> out.println("  " + f.safeFix().description()));
        }
        if (dryRun.enabled()) {
            if (!report.json()) {
                out.println("dry run: nothing was changed");
            }
            return doctor.fix(found, true);
        }
        if (!ChangeApproval.onConsole().approve(env, "apply these " + safe.size() + " fix"
                + (safe.size() == 1 ? "" : "es"), yes, confirm)) {
            out.println("nothing was changed");
            return null;
        }
        List<Doctor.FixOutcome> done = doctor.fix(found, false);
        if (!report.json()) {
            done.forEach(o -> out.println("  " + (o.applied() ? "done: " : "NOT done: ") + o.done()));
        }
        return done;
    }

    private static void print(PrintWriter out, Environment env, DoctorReport r, Workspace ws) {
        out.printf("Doctor for %s%n", env.clusterName());
        int width = r.checks().stream().mapToInt(c -> c.name().length()).max().orElse(10);
        for (CheckResult c : r.checks()) {
            out.printf("  %-4s  %-" + width + "s  %s%n", word(c.verdict()), c.name(), c.title());
            for (Finding f : c.findings()) {
                out.printf("        %s %s: %s%n", f.verdict() == Verdict.FAIL ? "FAIL" : "warn", f.subject(),
                        f.evidence());
                out.printf("          fix: %s%n", f.fix());
            }
        }
        long failed = r.checks().stream().filter(c -> c.verdict() == Verdict.FAIL).count();
        long warned = r.checks().stream().filter(c -> c.verdict() == Verdict.WARN).count();
        int fixable = r.safeFixes().size();
        out.printf("%s: %d failed, %d with warnings, %d ok%s%n", env.name(), failed, warned,
                r.checks().size() - failed - warned, fixable == 0 ? ""
                        : "; --fix can repair " + fixable + ": " + Hints.command(ws, "doctor --env " + env.name()
                                + " --fix"));
    }

    private static String word(Verdict v) {
        return v == Verdict.FAIL ? "FAIL" : v.word();
    }
}
