package dev.slipway.operate.down;

import dev.slipway.apply.aws.ClusterTaggedResources;
import dev.slipway.apply.aws.TaggedResource;
import dev.slipway.operate.Step;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Wait until AWS holds no load balancer, target group or security group tagged for the cluster that Terraform did
 * not make (scanned by tag through ELBv2 and EC2). Those are the cloud controller's, for the Services deleted
 * before; while one remains, its network interfaces keep the VPC's subnets in use and {@code terraform destroy}
 * would fail half way. After the timeout, what is left is an orphan: reported (the step fails), or with
 * {@code --delete-orphans} deleted. EBS volumes are data, not orphans: they are counted, never deleted here.
 */
final class CloudClearedStep implements Step {
    private final ClusterTaggedResources scan;
    private final Duration timeout;
    private final Duration interval;
    private final boolean deleteOrphans;
    private final Consumer<String> progress;

    CloudClearedStep(ClusterTaggedResources scan, Duration timeout, Duration interval, boolean deleteOrphans,
            Consumer<String> progress) {
        this.scan = scan;
        this.timeout = timeout;
        this.interval = interval;
        this.deleteOrphans = deleteOrphans;
        this.progress = progress;
    }

    /** What blocks the destroy: everything tagged but the volumes. */
    static List<TaggedResource> blockers(List<TaggedResource> all) {
        return all.stream().filter(r -> r.kind() != TaggedResource.Kind.VOLUME).toList();
    }

    @Override
    public String name() {
        return "cloud cleared";
    }

    @Override
    public String intent() {
        return "wait until no load balancer, target group or security group tagged for the cluster remains (up to "
                + timeout.toSeconds() + " s" + (deleteOrphans ? "; then delete what is left" : "") + ")";
    }

    @Override
    public Check check() {
        List<TaggedResource> left = blockers(scan.scan());
        return left.isEmpty() ? Check.done(cleared()) : Check.toDo(left.size() + " left: " + describe(left));
    }

    @Override
    public String run() {
        List<TaggedResource> left = waitForClear(timeout);
        if (left.isEmpty()) {
            return cleared();
        }
        if (!deleteOrphans) {
            throw new IllegalStateException("still tagged for the cluster after " + timeout.toSeconds() + " s: "
                    + describe(left) + ". Nothing was destroyed. Delete them with --delete-orphans (or by hand),"
                    + " then run down again");
        }
        progress.accept("deleting " + left.size() + " orphans: " + describe(left));
        Map<TaggedResource, String> refused = scan.delete(left);
        // A security group is refused while the load balancer's network interfaces still use it: try again.
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!refused.isEmpty() && System.nanoTime() < deadline) {
            pause();
            refused = scan.delete(List.copyOf(refused.keySet()));
        }
        List<TaggedResource> still = blockers(scan.scan());
        if (!still.isEmpty()) {
            throw new IllegalStateException("could not delete " + describe(still) + (refused.isEmpty() ? ""
                    : " (" + String.join("; ", refused.values()) + ")") + ". Nothing was destroyed");
        }
        return "deleted " + left.size() + " orphans (" + describe(left) + "); " + cleared();
    }

    private List<TaggedResource> waitForClear(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            List<TaggedResource> left = blockers(scan.scan());
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return left;
            }
            progress.accept("waiting for " + left.size() + " to go: " + describe(left));
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cloud to clear");
        }
    }

    private static String cleared() {
        return "0 load balancers, 0 target groups, 0 security groups tagged for the cluster";
    }

    static String describe(List<TaggedResource> resources) {
        return String.join(", ", resources.stream().map(TaggedResource::describe).toList());
    }
}
