package dev.slipway.cli;

import dev.slipway.state.AwsSettings;
import dev.slipway.apply.LocalObject;
import dev.slipway.state.S3Clients;
import dev.slipway.apply.S3Sync;
import dev.slipway.apply.SyncPlan;
import dev.slipway.apply.SyncResult;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code slipway sync}: upload {@code build/ENV/provisioning/} to {@code s3://NAME-infra/ENV/}. */
@Command(name = "sync",
        mixinStandardHelpOptions = true,
        description = {
            "Upload what nodes fetch at boot to the environment's prefix of the infra bucket.",
            "Uploads build/ENV/provisioning/ (rendered by 'slipway plan'; a stale build is rendered again first) to"
                    + " s3://NAME-infra/ENV/nodes/. Only objects whose content changed are uploaded (compared by"
                    + " content hash, never by time), in parallel; secret files are stored with server-side"
                    + " encryption. Node configs and the files they pin are content-addressed and uploaded pinned"
                    + " files first, so a node booting from an older pointer still finds what it pins. With --prune,"
                    + " objects Slipway uploaded that neither this render nor the last two syncs need are deleted"
                    + " (after asking; --yes without a terminal): never Terraform state, the state store, or anything"
                    + " Slipway did not upload. Safe to interrupt and run again.",
            "AWS access follows the AWS CLI: default credentials chain and profiles (AWS_PROFILE),"
                    + " AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL for another endpoint; the region is the spec's.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway sync --env acc -f examples/yourcom/platform.yaml --dry-run",
            "  slipway sync --env acc --prune --yes",
            "  AWS_PROFILE=ops slipway sync --env prod --confirm prod",
            "  AWS_ENDPOINT_URL=http://127.0.0.1:5000 slipway sync --env acc   # against moto",
        })
public final class SyncCommand implements Callable<Integer> {
    @Mixin
    SpecOption specOption;
    @Mixin
    EnvOption envOption;
    @Mixin
    DryRunOption dryRun;
    @Mixin
    OutputOption output;
    @Option(names = "--prune", description = "Delete objects under s3://NAME-infra/ENV/ that Slipway uploaded and"
            + " no kept generation needs (asks first).")
    boolean prune;
    @Option(names = "--parallel", paramLabel = "N", defaultValue = "16",
            description = "Concurrent uploads (default: ${DEFAULT-VALUE}).")
    int parallel;
    @Option(names = "--full-compare", description = "List every key under the prefix instead of trusting the upload"
            + " manifest (which a few sampled objects and every node config verify).")
    boolean fullCompare;
    @Mixin
    YesOption yes;
    @Mixin
    ConfirmOption confirm;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (parallel < 1 || parallel > 256) {
            throw new InvalidInputException("--parallel " + parallel + ": must be between 1 and 256");
        }
        Workspace ws = specOption.load();
        Environment env = ws.environment(envOption.name());
        if (!dryRun.enabled()) {
            // New nodes of a protected environment boot from what is uploaded: a deliberate act.
            ProtectedEnvironmentGate.onConsole().require(env, "upload its provisioning artifacts", confirm.value());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = ws.buildDirectory(env.name()).resolve(PROVISIONING);
        String shownDir = ws.directory().relativize(dir).toString();
        Path scratch = null;
        try {
            Path source = SyncSource.prepare(ws, env, dryRun.enabled(), err);
            if (!source.equals(ws.buildDirectory(env.name()))) {
                scratch = source;
            }
            AwsSettings aws = AwsSettings.resolve(env);
            try (S3Client s3 = S3Clients.create(aws, parallel)) {
                S3Sync sync = new S3Sync(s3, parallel, dev.slipway.apply.BootstrapTokenUploads.of(ws, env,
                        dryRun.enabled()));
                SyncPlan plan = sync.plan(source.resolve(PROVISIONING), env.infraBucket(), env.provisioningPrefix(),
                        prune, fullCompare);
                boolean quiet = Verbosity.of(spec.commandLine()).quiet();
                if (!output.json() && !quiet) {
                    printPlan(out, shownDir, plan);
                }
                if (dryRun.enabled()) {
                    print(out, shownDir, dir, plan, new SyncResult(plan.bucket(), plan.prefix(), plan.uploads().size(),
                            plan.uploadBytes(), plan.unchanged(), plan.deletes().size(), true));
                    return ExitCodes.OK;
                }
                if (!plan.deletes().isEmpty() && !ChangeApproval.onConsole().approve(env,
                        "delete these " + plan.deletes().size() + " objects", yes, confirm)) {
                    out.println("nothing was changed");
                    return ExitCodes.FAILURE;
                }
                SyncResult result = sync.apply(plan, SyncProgress.create(err, quiet));
                print(out, shownDir, dir, plan, result);
            }
        } finally {
            SyncSource.remove(scratch);
        }
        return ExitCodes.OK;
    }

    static final String PROVISIONING = "provisioning";

    /** The plan, sorted, on stdout: what will be uploaded and deleted, and what a prune would delete. */
    private void printPlan(PrintWriter out, String shownDir, SyncPlan plan) {
        out.printf("%s -> s3://%s/%s%s%n", shownDir, plan.bucket(), plan.prefix(),
                dryRun.enabled() ? " (dry run: nothing changed)" : "");
        String upload = dryRun.enabled() ? "would upload" : "upload";
        String delete = dryRun.enabled() ? "would delete" : "delete";
        plan.uploads().stream().sorted(java.util.Comparator.comparing(LocalObject::key)).forEach(o -> out.printf(
                "  %s %s (%s%s)%n", upload, o.key(), Bytes.human(o.size()), o.secret() ? ", encrypted" : ""));
        plan.deletes().forEach(k -> out.printf("  %s %s%n", delete, k));
        plan.keptLater().forEach(k -> out.printf("  keep %s (the bucket's token expires later: renewed by the"
                + " controllers)%n", k));
        if (!prune && !plan.prunable().isEmpty()) {
            out.printf("--prune would delete %d object%s Slipway uploaded that no kept generation needs:%n",
                    plan.prunable().size(), plan.prunable().size() == 1 ? "" : "s");
            plan.prunable().forEach(k -> out.printf("  %s%n", k));
        }
    }

    private void print(PrintWriter out, String shownDir, Path dir, SyncPlan plan, SyncResult r) throws Exception {
        String target = "s3://" + r.bucket() + "/" + r.prefix();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", dir.toAbsolutePath().toString());
            m.put("target", target);
            m.put("dryRun", r.dryRun());
            m.put("uploaded", r.uploaded());
            m.put("uploadedBytes", r.uploadedBytes());
            m.put("unchanged", r.unchanged());
            m.put("deleted", r.deleted());
            m.put("uploads", plan.uploads().stream().map(LocalObject::key).sorted().toList());
            m.put("deletes", plan.deletes());
            m.put("prunable", plan.prunable());
            m.put("keptLater", plan.keptLater());
            OutputOption.printJson(out, spec, envOption.name(), m, List.of());
            return;
        }
        if (r.dryRun()) {
            out.printf("would upload %d (%s), unchanged %d, would delete %d%n", r.uploaded(),
                    Bytes.human(r.uploadedBytes()), r.unchanged(), r.deleted());
        } else {
            out.printf("uploaded %d (%s), unchanged %d, deleted %d%n", r.uploaded(), Bytes.human(r.uploadedBytes()),
                    r.unchanged(), r.deleted());
        }
    }
}
