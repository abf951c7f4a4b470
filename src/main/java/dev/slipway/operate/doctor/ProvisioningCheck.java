package dev.slipway.operate.doctor;

import dev.slipway.apply.S3Sync;
import dev.slipway.apply.SyncListener;
import dev.slipway.apply.SyncPlan;
import dev.slipway.apply.SyncResult;
import dev.slipway.apply.kubernetes.ClusterSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The objects nodes fetch at boot ({@code s3://NAME-infra/ENV/nodes/}) against {@code build/ENV/provisioning/}, by
 * {@code slipway sync}'s own plan: anything it would upload means a node booting now gets an older (or no) config.
 * The safe fix is that sync, uploads only (never a prune). It compares with {@code build/} as it is; a build older
 * than the spec is {@code slipway plan}'s to report.
 */
public final class ProvisioningCheck implements DoctorCheck {
    private final String env;
    private final Path provisioning;
    private final String bucket;
    private final String prefix;
    private final Supplier<S3Sync> sync;

    public ProvisioningCheck(String env, Path provisioning, String bucket, String prefix, Supplier<S3Sync> sync) {
        this.env = env;
        this.provisioning = provisioning;
        this.bucket = bucket;
        this.prefix = prefix;
        this.sync = sync;
    }

    @Override
    public String name() {
        return "provisioning";
    }

    @Override
    public String title() {
        return "s3://" + bucket + "/" + prefix + " up to date with build/" + env + "/provisioning/";
    }

    @Override
    public List<Finding> examine(ClusterSnapshot cluster) {
        String subject = "s3://" + bucket + "/" + prefix;
        if (!Files.isDirectory(provisioning)) {
            return List.of(Finding.warn(subject, "not checked: " + provisioning + " does not exist",
                    "slipway plan --env " + env + ", then slipway sync --env " + env));
        }
        S3Sync s3;
        SyncPlan plan;
        try {
            s3 = sync.get();
            plan = s3.plan(provisioning, bucket, prefix, false);
        } catch (RuntimeException e) {
            return List.of(Finding.warn(subject, "not checked: " + e.getMessage(),
                    "check AWS access, then slipway sync --env " + env + " --dry-run"));
        }
        if (plan.uploads().isEmpty()) {
            return List.of();
        }
        List<String> keys = plan.uploads().stream().map(o -> o.key()).sorted().toList();
        String shown = String.join(", ", keys.subList(0, Math.min(5, keys.size())))
                + (keys.size() > 5 ? " and " + (keys.size() - 5) + " more" : "");
        SafeFix fix = new SafeFix() {
            @Override
            public String description() {
                return "upload " + keys.size() + " object" + (keys.size() == 1 ? "" : "s") + " to " + subject
                        + " (slipway sync, no prune)";
            }

            @Override
            public String apply() {
                SyncResult r = s3.apply(plan, SyncListener.NONE);
                return "uploaded " + r.uploaded() + " object" + (r.uploaded() == 1 ? "" : "s") + " to " + subject;
            }
        };
        return List.of(new Finding(Verdict.FAIL, subject, keys.size() + " object" + (keys.size() == 1 ? "" : "s")
                + " missing or different from build/" + env + "/provisioning/: " + shown
                + " (a node booting now gets an older config)", "slipway sync --env " + env, fix));
    }
}
