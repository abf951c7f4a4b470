package dev.slipway.cli;

import dev.slipway.apply.aws.AwsClients;
import dev.slipway.apply.aws.CallerIdentity;
import dev.slipway.apply.aws.InfraBucket;
import dev.slipway.apply.aws.InfraBucketSettings;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.state.AwsSettings;
import dev.slipway.state.S3Clients;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code slipway infra init}: the infra bucket, then terraform init in build/ENV/terraform/. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create the infra bucket when missing, then connect Terraform to it (terraform init).",
            "Creates the platform's infra bucket (NAME-infra) when it is missing and brings it to the settings its"
                    + " contents need: versioning on, default encryption, all public access blocked,"
                    + " bucket-owner-enforced ownership, a bucket policy (TLS only; each environment's state,"
                    + " backups, Terraform state and node secrets readable only by its aws.operatorRoles and each"
                    + " node role its own folder) and lifecycle rules (replaced secrets and old backups expire)."
                    + " It holds, per environment, Terraform's state"
                    + " (ENV/terraform/), the state store (ENV/state/) and the nodes' files (ENV/nodes/). Then renders"
                    + " the environment if needed and runs 'terraform init' in build/ENV/terraform/ against that"
                    + " bucket. Safe to repeat: says what it created, and a second run changes nothing. --dry-run"
                    + " only says what it would create."},
        footer = {"", "Examples:", "  slipway infra init --env acc -f examples/yourcom/platform.yaml",
            "  slipway infra init --env prod --dry-run"})
final class InfraInitCommand extends InfraAction {
    @Override
    Integer beforeRender(Workspace ws, Environment environment) {
        PrintWriter out = spec.commandLine().getOut();
        AwsSettings aws = AwsSettings.resolve(environment);
        List<String> changes;
        InfraBucket bucket;
        try (S3Client s3 = S3Clients.create(aws, 2); AwsClients clients = new AwsClients(aws)) {
            bucket = new InfraBucket(s3, environment.infraBucket(), aws.region(), InfraBucketSettings.of(
                    ws.platform(), environment, CallerIdentity.of(clients.sts()), aws.region(), tlsEndpoint(aws)));
            List<String> planned = bucket.plan();
            // The policy decides who can read every environment's keys: shown in full before it is set.
            if (planned.stream().anyMatch(c -> c.contains("bucket policy"))) {
                out.println(name(environment) + ": bucket policy " + (dryRun.enabled() ? "it would set" : "to set")
                        + ":");
                out.print(bucket.desiredPolicy());
            }
            changes = dryRun.enabled() ? planned : bucket.ensure();
        } catch (SdkException e) {
            throw new IllegalStateException("cannot prepare bucket " + environment.infraBucket() + ": "
                    + e.getMessage() + " (check AWS credentials and AWS_ENDPOINT_URL)", e);
        }
        String name = name(environment);
        if (changes.isEmpty()) {
            out.println(name + ": exists, versioned, encrypted, public access blocked, owner-enforced, its policy"
                    + " and lifecycle as rendered: nothing to change");
        } else {
            for (String c : changes) {
                out.println(name + ": " + (dryRun.enabled() ? "would " + c : c + " (done)"));
            }
        }
        if (dryRun.enabled()) {
            out.println("would run terraform init in build/" + environment.name() + "/terraform/ (dry run: nothing"
                    + " was changed)");
            return ExitCodes.OK;
        }
        return null;
    }

    /** False when S3 is reached at a plain-HTTP endpoint override (a local S3): the TLS-only rule is left out. */
    private boolean tlsEndpoint(AwsSettings aws) {
        boolean tls = aws.s3Endpoint().map(u -> !"http".equals(u.getScheme())).orElse(true);
        if (!tls) {
            spec.commandLine().getErr().println("warning: S3 endpoint " + aws.s3Endpoint().orElseThrow() + " is plain"
                    + " HTTP: the bucket policy leaves out its TLS-only rule, which would refuse every request there");
        }
        return tls;
    }

    private static String name(Environment environment) {
        return "s3://" + environment.infraBucket();
    }

    @Override
    int run() {
        initOrHint();
        return ExitCodes.OK;
    }
}
