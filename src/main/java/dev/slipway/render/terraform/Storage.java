package dev.slipway.render.terraform;

import static dev.slipway.render.hcl.Expression.strings;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.ObjectExpression;
import java.util.List;

/**
 * {@code storage.tf}: the environment's app bucket (versioned, encrypted, never public) and the snapshot policy
 * for persistent volumes.
 *
 * <p>MongoDB, logging and metrics volumes are not created here: they are PersistentVolumeClaims provisioned by the
 * EBS CSI driver from a StorageClass (reclaim policy Retain, the spec's volume type and size). A Terraform-made
 * volume lives in one zone and fits one pod, but MongoDB runs several replicas, each needing its own volume in the
 * zone where it is scheduled — which only dynamic provisioning gets right. The StorageClass tags each volume with
 * {@link #SNAPSHOT_TAG}; the lifecycle policy below snapshots everything so tagged, daily.
 */
final class Storage {
    /** The tag key the StorageClass puts on every volume that must be snapshotted; the value is the cluster name. */
    static final String SNAPSHOT_TAG = dev.slipway.render.k8s.essentials.StorageClasses.SNAPSHOT_TAG;

    final TfFile file = new TfFile("storage.tf");
    final Block bucket;
    final Block logs;
    final Block snapshotPolicy;

    Storage(TerraformContext ctx) {
        boolean prod = ctx.env().protectedEnv();
        file.comment("The app bucket of the seed (" + ctx.env().appBucket() + "), served through CloudFront (cdn.tf).");
        bucket = file.resource("aws_s3_bucket", "app")
                .attr("bucket", ctx.env().appBucket())
                .comment("checkov:skip=CKV_AWS_144:versioned in one region; a replica in a second region doubles storage"
                                + " and is the user's choice, not rendered",
                        "checkov:skip=CKV_AWS_145:SSE-S3, so CloudFront's origin access control reads it without a KMS"
                                + " key policy",
                        "checkov:skip=CKV2_AWS_62:nothing consumes the bucket's events");
        if (prod) {
            preventDestroy(bucket, "data");
        }
        file.resource("aws_s3_bucket_versioning", "app")
                .attr("bucket", bucket.ref("id"))
                .block(Block.nested("versioning_configuration").attr("status", "Enabled"));
        file.comment("SSE-S3: CloudFront's origin access control reads it without a KMS key policy.");
        file.comment("Old versions are kept " + (prod ? 90 : 30) + " days, then removed; abandoned uploads after 7.");
        file.resource("aws_s3_bucket_lifecycle_configuration", "app")
                .attr("bucket", bucket.ref("id"))
                .block(Block.nested("rule")
                        .attr("id", "expire-old-versions")
                        .attr("status", "Enabled")
                        .block(Block.nested("filter"))
                        .block(Block.nested("noncurrent_version_expiration").attr("noncurrent_days", prod ? 90 : 30))
                        .block(Block.nested("abort_incomplete_multipart_upload").attr("days_after_initiation", 7)));
        encryptedAndPrivate("app", bucket, "BucketOwnerEnforced", null);

        logs = logBucket(ctx, prod);
        file.resource("aws_s3_bucket_logging", "app")
                .attr("bucket", bucket.ref("id"))
                .attr("target_bucket", logs.ref("id"))
                .attr("target_prefix", "s3/" + ctx.env().appBucket() + "/");

        Block assume = file.data("aws_iam_policy_document", "dlm_assume_role")
                .block(Iam.statement(null, List.of("sts:AssumeRole"), null)
                        .block(Block.nested("principals")
                                .attr("type", "Service")
                                .attr("identifiers", strings(List.of("dlm.amazonaws.com")))));
        Block role = file.resource("aws_iam_role", "snapshots")
                .attr("name", ctx.cluster() + "-snapshots")
                .attr("assume_role_policy", assume.ref("json"));
        file.resource("aws_iam_role_policy_attachment", "snapshots")
                .attr("role", role.ref("name"))
                .attr("policy_arn", TerraformContext.arn("iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole"));

        int keep = prod ? 30 : 7;
        file.comment("Daily snapshots of the volumes the EBS CSI StorageClass tags " + SNAPSHOT_TAG + " = "
                + ctx.cluster() + " (MongoDB, logging, metrics); " + keep + " kept" + (prod ? " in production." : "."));
        snapshotPolicy = file.resource("aws_dlm_lifecycle_policy", "volume_snapshots")
                .attr("description", ctx.cluster() + " persistent volumes, daily")
                .attr("execution_role_arn", role.ref("arn"))
                .attr("state", "ENABLED")
                .block(Block.nested("policy_details")
                        .attr("resource_types", strings(List.of("VOLUME")))
                        .attr("target_tags", ObjectExpression.builder().put(SNAPSHOT_TAG, ctx.cluster()).build())
                        .block(Block.nested("schedule")
                                .attr("name", "daily")
                                .attr("copy_tags", true)
                                .block(Block.nested("create_rule")
                                        .attr("interval", 24)
                                        .attr("interval_unit", "HOURS")
                                        .attr("times", strings(List.of("03:00"))))
                                .block(Block.nested("retain_rule").attr("count", keep))));
    }

    /**
     * The access-log bucket: the app bucket's server access logs and CloudFront's standard logs, kept
     * {@code 90} days in a protected environment and {@code 30} otherwise. CloudFront delivers standard logs
     * through a bucket ACL, so this bucket (unlike the others) has ACLs enabled for its owner's grants; S3's log
     * delivery writes through the bucket policy.
     */
    private Block logBucket(TerraformContext ctx, boolean prod) {
        String name = ctx.env().logBucket();
        file.comment("Access logs of the app bucket and of CloudFront (cdn.tf).");
        Block logs = file.resource("aws_s3_bucket", "logs")
                .attr("bucket", name)
                .comment("checkov:skip=CKV_AWS_18:the log bucket itself: logging it into itself would loop",
                        "checkov:skip=CKV_AWS_144:logs of one region, kept " + (prod ? 90 : 30) + " days; no replica",
                        "checkov:skip=CKV_AWS_145:SSE-S3: CloudFront's standard logs cannot be written with SSE-KMS",
                        "checkov:skip=CKV2_AWS_62:nothing consumes the bucket's events");
        if (prod) {
            preventDestroy(logs, "log bucket");
        } else {
            // Access logs (CloudFront's, S3's) keep arriving after the bucket was emptied, so a destroy without
            // force_destroy stops at BucketNotEmpty; outside a protected environment the logs go with the bucket.
            logs.comment("Logs are not kept past the environment: terraform destroy deletes them with the bucket.")
                    .attr("force_destroy", true);
        }
        file.resource("aws_s3_bucket_versioning", "logs")
                .attr("bucket", logs.ref("id"))
                .block(Block.nested("versioning_configuration").attr("status", "Enabled"));
        file.resource("aws_s3_bucket_lifecycle_configuration", "logs")
                .attr("bucket", logs.ref("id"))
                .block(Block.nested("rule")
                        .attr("id", "expire-logs")
                        .attr("status", "Enabled")
                        .block(Block.nested("filter"))
                        .block(Block.nested("expiration").attr("days", prod ? 90 : 30))
                        .block(Block.nested("noncurrent_version_expiration").attr("noncurrent_days", 1))
                        .block(Block.nested("abort_incomplete_multipart_upload").attr("days_after_initiation", 7)));
        encryptedAndPrivate("logs", logs, "BucketOwnerPreferred", "checkov:skip=CKV2_AWS_65:CloudFront delivers"
                + " standard logs through a bucket ACL, which needs ACLs enabled (BucketOwnerPreferred)");
        Block policy = file.data("aws_iam_policy_document", "logs")
                .block(Iam.statement("S3ServerAccessLogs", List.of("s3:PutObject"),
                                dev.slipway.render.hcl.Expression.list(dev.slipway.render.hcl.Template.of(
                                        logs.ref("arn"), "/s3/*")))
                        .block(Block.nested("principals")
                                .attr("type", "Service")
                                .attr("identifiers", strings(List.of("logging.s3.amazonaws.com")))))
                .block(Iam.denyInsecureTransport(logs));
        file.resource("aws_s3_bucket_policy", "logs")
                .attr("bucket", logs.ref("id"))
                .attr("policy", policy.ref("json"));
        return logs;
    }

    /**
     * A bucket of a protected environment: Terraform refuses to plan its destruction at all (so {@code infra destroy}
     * stops before deleting anything), until {@code protected: false} is applied.
     */
    private static void preventDestroy(Block bucket, String what) {
        bucket.comment("A protected environment's " + what + ": terraform refuses to destroy it; empty and remove it"
                        + " by hand.")
                .block(Block.nested("lifecycle").attr("prevent_destroy", true));
    }

    /** SSE-S3, every kind of public access blocked, and the given object ownership (with a checkov skip, if any). */
    private void encryptedAndPrivate(String name, Block bucket, String ownership, String ownershipSkip) {
        file.resource("aws_s3_bucket_server_side_encryption_configuration", name)
                .attr("bucket", bucket.ref("id"))
                .block(Block.nested("rule").block(Block.nested("apply_server_side_encryption_by_default")
                        .attr("sse_algorithm", "AES256")));
        file.resource("aws_s3_bucket_public_access_block", name)
                .attr("bucket", bucket.ref("id"))
                .attr("block_public_acls", true)
                .attr("block_public_policy", true)
                .attr("ignore_public_acls", true)
                .attr("restrict_public_buckets", true);
        Block controls = file.resource("aws_s3_bucket_ownership_controls", name)
                .attr("bucket", bucket.ref("id"));
        if (ownershipSkip != null) {
            controls.comment(ownershipSkip);
        }
        controls.block(Block.nested("rule").attr("object_ownership", ownership));
    }
}
