package dev.slipway.apply.aws;

import dev.slipway.render.terraform.WorkerPoolTags;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Filter;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.Reservation;

/**
 * The Auto Scaling calls a worker rotation makes: find a pool's group by its tags (never by a guessed name), read its
 * instances with the template version each was launched from, grow it by one, terminate one instance with the desired
 * capacity decremented, and keep the group's original size on the group itself while a rotation runs.
 *
 * <p>Why tags on the group for the original size: a rotation killed with {@code kill -9} after the surge leaves the
 * group one too big, and the next run cannot tell a surge from a size someone chose. The tag is written before the
 * surge and removed after the last replacement, so the group always carries the size it must return to.
 */
public final class WorkerGroups {
    public static final String ORIGINAL_DESIRED_TAG = "slipway/rotation-original-desired";
    public static final String ORIGINAL_MAX_TAG = "slipway/rotation-original-max";
    /** What EC2 tags every instance launched from a template with. */
    static final String TEMPLATE_VERSION_TAG = "aws:ec2launchtemplate:version";

    private final AutoScalingClient autoScaling;
    private final Ec2Client ec2;

    public WorkerGroups(AutoScalingClient autoScaling, Ec2Client ec2) {
        this.autoScaling = autoScaling;
        this.ec2 = ec2;
    }

    /** The group of {@code pool} in {@code env}: tagged with the pool, the environment, role worker and the cluster. */
    public WorkerGroup find(Environment env, String pool) {
        List<AutoScalingGroup> found = new ArrayList<>();
        autoScaling.describeAutoScalingGroupsPaginator(r -> r.filters(
                        tagFilter(WorkerPoolTags.ENV, env.name()), tagFilter(WorkerPoolTags.POOL, pool),
                        tagFilter(WorkerPoolTags.ROLE, WorkerPoolTags.WORKER),
                        tagFilter(env.clusterTagKey(), "owned")))
                .autoScalingGroups().forEach(found::add);
        if (found.isEmpty()) {
            throw new InvalidInputException("no Auto Scaling group tagged " + WorkerPoolTags.POOL + "=" + pool + ", "
                    + WorkerPoolTags.ENV + "=" + env.name() + " and " + env.clusterTagKey() + "=owned in "
                    + env.aws().region() + " (has 'slipway infra apply --env " + env.name() + "' created the pool?)");
        }
        if (found.size() > 1) {
            throw new InvalidInputException("more than one Auto Scaling group is tagged as worker pool " + pool + " of "
                    + env.name() + ": " + found.stream().map(AutoScalingGroup::autoScalingGroupName).toList()
                    + "; remove the tags from the one Slipway did not create");
        }
        return read(found.get(0), pool);
    }

    /** The same group read again (after a change). */
    public WorkerGroup refresh(WorkerGroup group) {
        List<AutoScalingGroup> groups = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(
                group.name())).autoScalingGroups();
        if (groups.isEmpty()) {
            throw new IllegalStateException("Auto Scaling group " + group.name() + " is gone");
        }
        return read(groups.get(0), group.pool());
    }

    /**
     * Records the group's size before a rotation changes it (a no-op when one is recorded already: a resumed run
     * keeps the first run's numbers).
     */
    public void recordOriginalSize(WorkerGroup group) {
        if (group.rotationInProgress()) {
            return;
        }
        putTag(group.name(), ORIGINAL_DESIRED_TAG, Integer.toString(group.desired()));
    }

    /**
     * Sets the desired capacity; raises the maximum first when it would be exceeded (recording the old maximum, once),
     * as AWS refuses a desired capacity above it.
     */
    public void setDesired(WorkerGroup group, int desired) {
        if (desired > group.max()) {
            if (group.originalMax().isEmpty()) {
                putTag(group.name(), ORIGINAL_MAX_TAG, Integer.toString(group.max()));
            }
            autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(group.name()).maxSize(desired));
        }
        autoScaling.setDesiredCapacity(r -> r.autoScalingGroupName(group.name()).desiredCapacity(desired)
                .honorCooldown(false));
    }

    /** Terminates one instance through Auto Scaling, decrementing the desired capacity so it is not replaced. */
    public void terminate(String instanceId) {
        autoScaling.terminateInstanceInAutoScalingGroup(r -> r.instanceId(instanceId)
                .shouldDecrementDesiredCapacity(true));
    }

    /** Ends a rotation: puts back a maximum it raised and removes the recorded sizes. */
    public void finishRotation(WorkerGroup group) {
        group.originalMax().ifPresent(max -> autoScaling.updateAutoScalingGroup(r -> r
                .autoScalingGroupName(group.name()).maxSize(max)));
        List<Tag> tags = new ArrayList<>();
        for (String key : List.of(ORIGINAL_DESIRED_TAG, ORIGINAL_MAX_TAG)) {
            tags.add(Tag.builder().resourceId(group.name()).resourceType("auto-scaling-group").key(key).build());
        }
        autoScaling.deleteTags(r -> r.tags(tags));
    }

    private WorkerGroup read(AutoScalingGroup g, String pool) {
        Map<String, String> tags = new HashMap<>();
        for (TagDescription t : g.tags()) {
            tags.put(t.key(), t.value());
        }
        String current = currentVersion(g);
        Map<String, String> launchedFrom = launchedVersions(g.instances().stream().map(Instance::instanceId).toList());
        List<PoolInstance> instances = g.instances().stream()
                .filter(i -> !i.lifecycleStateAsString().startsWith("Terminat")
                        && !i.lifecycleStateAsString().startsWith("Detach"))
                .map(i -> new PoolInstance(i.instanceId(), i.availabilityZone(),
                        Optional.ofNullable(launchedFrom.get(i.instanceId()))
                                .or(() -> Optional.ofNullable(i.launchTemplate()).map(LaunchTemplateSpecification::version))
                                .orElse(""),
                        i.lifecycleStateAsString()))
                .toList();
        return new WorkerGroup(g.autoScalingGroupName(), pool, g.desiredCapacity(), g.maxSize(), current, instances,
                intTag(tags, ORIGINAL_DESIRED_TAG), intTag(tags, ORIGINAL_MAX_TAG));
    }

    /**
     * The template version the group launches now. Terraform renders a number ({@code latest_version}); a group made
     * by hand may say {@code $Latest} or {@code $Default}, which are resolved against the template.
     */
    private String currentVersion(AutoScalingGroup g) {
        LaunchTemplateSpecification spec = g.launchTemplate();
        if (spec == null && g.mixedInstancesPolicy() != null && g.mixedInstancesPolicy().launchTemplate() != null) {
            // A spot pool (issue 28): the template sits in the mixed instances policy, beside its type overrides.
            spec = g.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification();
        }
        if (spec == null) {
            throw new InvalidInputException("Auto Scaling group " + g.autoScalingGroupName() + " launches without a"
                    + " launch template; Slipway's worker pools always have one, so this group was changed by hand");
        }
        String version = spec.version();
        if (version != null && version.matches("\\d+")) {
            return version;
        }
        LaunchTemplateSpecification named = spec;
        LaunchTemplate template = ec2.describeLaunchTemplates(r -> {
            if (named.launchTemplateId() != null) {
                r.launchTemplateIds(named.launchTemplateId());
            } else {
                r.launchTemplateNames(named.launchTemplateName());
            }
        }).launchTemplates().get(0);
        long resolved = "$Latest".equals(version) ? template.latestVersionNumber() : template.defaultVersionNumber();
        return Long.toString(resolved);
    }

    /** Instance id → the template version EC2 recorded when it launched the instance. */
    private Map<String, String> launchedVersions(List<String> ids) {
        Map<String, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (Reservation r : ec2.describeInstancesPaginator(q -> q.instanceIds(ids)).reservations()) {
            r.instances().forEach(i -> i.tags().stream().filter(t -> t.key().equals(TEMPLATE_VERSION_TAG))
                    .findFirst().ifPresent(t -> out.put(i.instanceId(), t.value())));
        }
        return out;
    }

    private void putTag(String group, String key, String value) {
        autoScaling.createOrUpdateTags(r -> r.tags(Tag.builder().resourceId(group).resourceType("auto-scaling-group")
                .key(key).value(value).propagateAtLaunch(false).build()));
    }

    private static OptionalInt intTag(Map<String, String> tags, String key) {
        String v = tags.get(key);
        return v != null && v.matches("\\d+") ? OptionalInt.of(Integer.parseInt(v)) : OptionalInt.empty();
    }

    private static Filter tagFilter(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }
}
