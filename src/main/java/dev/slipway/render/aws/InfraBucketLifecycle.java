package dev.slipway.render.aws;

import dev.slipway.spec.BackupSpec;
import dev.slipway.spec.Environment;
import java.util.ArrayList;
import java.util.List;

/**
 * The infra bucket's lifecycle rules. Versioning keeps every overwritten or deleted object as a noncurrent version,
 * so without an end a rotated CA key, a replaced node secret or an old Terraform state (all secrets) would stay
 * readable forever: noncurrent versions under {@code ENV/state/}, {@code ENV/nodes/} and {@code ENV/terraform/}
 * expire {@link #NONCURRENT_SECRET_DAYS} days after they were replaced (long enough to roll back a bad write).
 * Under {@code ENV/backups/} noncurrent versions (a dump the backup job deleted) expire after the spec's
 * {@code mongo.backup.retentionDays}, and so do etcd snapshots themselves ({@code ENV/backups/etcd/}: nothing else
 * deletes them). Unfinished multipart uploads are aborted after {@link #ABORT_INCOMPLETE_UPLOAD_DAYS} days.
 */
public final class InfraBucketLifecycle {
    /** How long a replaced secret (state entry, node secret, Terraform state) stays restorable. */
    public static final int NONCURRENT_SECRET_DAYS = 30;
    /** Parts of an upload that never completed (an interrupted sync or backup) are dropped after this. */
    public static final int ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

    /**
     * One rule: objects under {@code prefix}; {@code expirationDays} ends current versions, {@code noncurrentDays}
     * noncurrent ones, {@code abortIncompleteUploadDays} unfinished uploads (each null when the rule does not).
     */
    public record Rule(String id, String prefix, Integer expirationDays, Integer noncurrentDays,
            Integer abortIncompleteUploadDays) {
    }

    private InfraBucketLifecycle() {
    }

    /** The rules for the environments keeping their files in the bucket, in spec order, then the bucket-wide one. */
    public static List<Rule> rules(List<Environment> environments) {
        List<Rule> rules = new ArrayList<>();
        for (Environment env : environments) {
            String e = env.name();
            int keep = env.mongo() == null || env.mongo().backup() == null ? BackupSpec.DEFAULT.retentionDays()
                    : env.mongo().backup().retentionDays();
            rules.add(new Rule(e + "-state-noncurrent", env.statePrefix(), null, NONCURRENT_SECRET_DAYS, null));
            rules.add(new Rule(e + "-nodes-noncurrent", env.provisioningPrefix(), null, NONCURRENT_SECRET_DAYS,
                    null));
            rules.add(new Rule(e + "-terraform-noncurrent", e + "/terraform/", null, NONCURRENT_SECRET_DAYS, null));
            rules.add(new Rule(e + "-backups-noncurrent", e + "/backups/", null, keep, null));
            rules.add(new Rule(e + "-etcd-snapshots", env.etcdSnapshotPrefix(), keep, null, null));
        }
        rules.add(new Rule("abort-incomplete-uploads", "", null, null, ABORT_INCOMPLETE_UPLOAD_DAYS));
        return rules;
    }
}
