package dev.slipway.operate.down;

import dev.slipway.apply.aws.TaggedResource;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code slipway down} says before asking: which data goes and which stays. Read from the rendered Terraform's
 * rules ({@code storage.tf}: the app bucket, versioned, without {@code force_destroy}; the log bucket, with
 * {@code force_destroy} outside a protected environment; the daily DLM snapshot policy)
 * and the StorageClasses (reclaim policy Retain), with the live claims and volumes.
 */
public final class DataLoss {
    private DataLoss() {
    }

    /** One line per kind of data. */
    public static List<String> statement(Environment env, List<PersistentVolumeClaim> claims,
            List<TaggedResource> tagged) {
        List<String> out = new ArrayList<>();
        out.add("app bucket s3://" + env.appBucket() + ": DESTROYED by infra destroy when it is empty; Terraform"
                + " cannot delete a bucket that still holds objects (or old versions), so empty it first if you mean"
                + " to lose its contents, else the destroy stops there and keeps it");
        List<TaggedResource> volumes = tagged.stream().filter(r -> r.kind() == TaggedResource.Kind.VOLUME).toList();
        int gb = volumes.stream().mapToInt(TaggedResource::sizeGb).sum();
        out.add(claims.size() + " volume claims deleted" + (claims.isEmpty() ? "" : " (" + String.join(", ",
                claims.stream().map(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName()).toList())
                + ")") + "; their EBS volumes are KEPT (StorageClass reclaim policy Retain): " + volumes.size()
                + " volumes tagged for the cluster now, " + gb + " GiB, still billed after down; delete them"
                + " yourself when you no longer need the data");
        out.add("EBS snapshots of the daily policy: KEPT (deleting the policy keeps the snapshots it made)");
        out.add("log bucket s3://" + env.logBucket() + " (access logs of the app bucket and of CloudFront):"
                + " DESTROYED with every log in it (force_destroy: logs keep arriving, so it is never empty)");
        out.add("infra bucket s3://" + env.infraBucket() + " (state store, Terraform state, node files): KEPT");
        return out;
    }

    /**
     * Why {@code down} will not start in a protected environment, or null. Its rendered Terraform marks the app
     * bucket and the log bucket {@code prevent_destroy} (Terraform refuses to plan the destroy at all) and turns on
     * the API load balancer's deletion protection (AWS refuses to delete it): down would delete the cluster's load
     * balancers and claims, then stop at the destroy. So it stops before touching anything, and says how to do it on
     * purpose.
     */
    public static String protectedRefusal(Environment env, String upCommandHint) {
        if (!env.protectedEnv()) {
            return null;
        }
        return "environment '" + env.name() + "' is protected: its Terraform keeps the app bucket " + env.appBucket()
                + " and the log bucket " + env.logBucket() + " with prevent_destroy (terraform destroy refuses to run)"
                + " and its API load balancer has deletion protection (AWS refuses to delete it); nothing was changed."
                + " To take it down on purpose: back up what you keep, set 'protected: false' for " + env.name()
                + " in the spec, run 'slipway infra apply --env " + env.name() + "' (turns the deletion protection off"
                + " and drops prevent_destroy), then " + upCommandHint;
    }
}
