package dev.slipway.cli;

import dev.slipway.apply.AwsSettings;
import dev.slipway.apply.LocalObject;
import dev.slipway.apply.S3Clients;
import dev.slipway.apply.S3Sync;
import dev.slipway.apply.SyncPlan;
import dev.slipway.apply.SyncResult;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
            "Upload what nodes fetch at boot to the environment's S3 bucket.",
            "Uploads the folder build/ENV/provisioning/ (rendered by 'slipway plan') to the environment's prefix of"
                    + " the infra bucket, s3://NAME-infra/ENV/ there. Only objects whose"
                    + " content changed are uploaded (compared by content hash, never by time), in parallel; secret"
                    + " files are stored with server-side encryption. With --prune, objects no longer rendered are"
                    + " deleted. Safe to interrupt and run again.",
            "AWS access follows the AWS CLI: default credentials chain and profiles (AWS_PROFILE), AWS_REGION (else"
                    + " the spec's region), AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL for another endpoint.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway sync --env acc -f examples/yourcom/platform.yaml --dry-run",
            "  slipway sync --env acc --prune",
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
    @Option(names = "--prune", description = "Delete objects under s3://NAME-infra/ENV/ that are no longer rendered.")
    boolean prune;
    @Option(names = "--parallel", paramLabel = "N", defaultValue = "16",
            description = "Concurrent uploads (default: ${DEFAULT-VALUE}).")
    int parallel;
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
        Path dir = ws.buildDirectory(env.name()).resolve("provisioning");
        String shownDir = ws.directory().relativize(dir).toString();
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(shownDir + " does not exist: render it first with '"
                    + Hints.command(ws, "plan --env " + env.name()) + "'");
        }
        if (!dryRun.enabled()) {
            // New nodes of a protected environment boot from what is uploaded: a deliberate act.
            ProtectedEnvironmentGate.onConsole().require(env, "upload its provisioning artifacts", confirm.value());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AwsSettings aws = AwsSettings.resolve(env.aws().region());
        try (S3Client s3 = S3Clients.create(aws, parallel)) {
            S3Sync sync = new S3Sync(s3, parallel);
            SyncPlan plan = sync.plan(dir, env.infraBucket(), env.provisioningPrefix(), prune);
            SyncResult result = dryRun.enabled()
                    ? new SyncResult(plan.bucket(), plan.prefix(), plan.uploads().size(), plan.uploadBytes(),
                            plan.unchanged(), plan.deletes().size(), true)
                    : sync.apply(plan, SyncProgress.create(err, Verbosity.of(spec.commandLine()).quiet()));
            print(out, shownDir, dir, env.name(), plan, result);
        }
        return ExitCodes.OK;
    }

    private void print(PrintWriter out, String shownDir, Path dir, String envName, SyncPlan plan, SyncResult r) throws Exception {
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
            m.put("uploads", plan.uploads().stream().map(LocalObject::key).toList());
            m.put("deletes", plan.deletes());
            OutputOption.printJson(out, spec, envName, m, List.of());
            return;
        }
        if (r.dryRun()) {
            out.printf("%s -> %s (dry run: nothing changed)%n", shownDir, target);
            for (LocalObject o : plan.uploads()) {
                out.printf("  would upload %s (%s)%n", o.key(), Bytes.human(o.size()));
            }
            for (String k : plan.deletes()) {
                out.printf("  would delete %s%n", k);
            }
            out.printf("would upload %d (%s), unchanged %d, would delete %d%n", r.uploaded(),
                    Bytes.human(r.uploadedBytes()), r.unchanged(), r.deleted());
        } else {
            out.printf("%s -> %s%n", shownDir, target);
            out.printf("uploaded %d (%s), unchanged %d, deleted %d%n", r.uploaded(), Bytes.human(r.uploadedBytes()),
                    r.unchanged(), r.deleted());
        }
    }
}
