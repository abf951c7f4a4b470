package dev.slipway.operate.rotate;

import dev.slipway.testing.MotoServer;
import java.util.List;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.CreateAutoScalingGroupRequest;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Worker pool "general" of the example's acc as {@code infra apply} leaves it in AWS (moto): a launch template and an
 * Auto Scaling group named and tagged as {@code render/terraform/Workers} renders them, here with 3 instances. A new
 * OS image (or Ignition config) is a new template version that becomes the group's ({@link #newTemplateVersion()}),
 * which is what a later {@code infra apply} does.
 */
final class MotoWorkerPool implements AutoCloseable {
    static final String GROUP = "yourcom-acc-worker-general";
    static final int SIZE = 3;
    static final int MAX = 4;
    final Ec2Client ec2;
    final AutoScalingClient autoScaling;
    private final String templateId;
    private final String oldImage;
    private final String newImage;
    /** A spot pool's group (issue 28): the template in a mixed instances policy, as workers.tf renders it. */
    private final boolean spot;

    MotoWorkerPool(MotoServer moto) {
        this(moto, false);
    }

    /**
     * With {@code spot}, the group is a spot pool's: a mixed instances policy (on-demand base 1, all spot above it,
     * price-capacity-optimized, two type overrides; 0 % on-demand above the base because moto 5.2.5 rounds the
     * on-demand and spot shares down separately and would launch fewer instances than desired with a fraction) holding the launch template, and capacity rebalancing.
     */
    MotoWorkerPool(MotoServer moto, boolean spot) {
        this.spot = spot;
        ec2 = moto.ec2();
        autoScaling = moto.autoScaling();
        List<String> images = ec2.describeImages(r -> r.owners("amazon")).images().stream()
                .map(i -> i.imageId()).sorted().toList();
        oldImage = images.get(0);
        newImage = images.get(1);
        // No user data here: moto 5.2.5 fails to launch from a template version made by CreateLaunchTemplateVersion
        // that carries user data (an assertion in its model); a new image is the other usual reason for a new version.
        templateId = ec2.createLaunchTemplate(r -> r.launchTemplateName(GROUP).launchTemplateData(d -> d
                .imageId(oldImage).instanceType("t3.large"))).launchTemplate().launchTemplateId();
        autoScaling.createAutoScalingGroup(r -> launchesFrom(r.autoScalingGroupName(GROUP), "1")
                .minSize(2).desiredCapacity(SIZE).maxSize(MAX)
                .availabilityZones("eu-west-1a", "eu-west-1b", "eu-west-1c")
                .tags(tag("Name", GROUP), tag("kubernetes.io/cluster/yourcom-acc", "owned"), tag("slipway/env", "acc"),
                        tag("slipway/platform", "yourcom"), tag("slipway/role", "worker"),
                        tag("slipway/pool", "general")));
    }

    /** A new template version, made the default and the group's, as Terraform does (update_default_version). */
    void newTemplateVersion() {
        String v = Long.toString(ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(templateId)
                .sourceVersion("1").launchTemplateData(d -> d.imageId(newImage)))
                .launchTemplateVersion().versionNumber());
        ec2.modifyLaunchTemplate(r -> r.launchTemplateId(templateId).defaultVersion(v));
        if (spot) {
            // What Terraform changes on a spot pool's group: the version inside the policy, overrides kept.
            autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).mixedInstancesPolicy(
                    mixedInstancesPolicy(v)));
        } else {
            autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP)
                    .launchTemplate(t -> t.launchTemplateId(templateId).version(v)));
        }
    }

    private CreateAutoScalingGroupRequest.Builder launchesFrom(CreateAutoScalingGroupRequest.Builder r,
            String version) {
        return spot ? r.mixedInstancesPolicy(mixedInstancesPolicy(version)).capacityRebalance(true)
                : r.launchTemplate(t -> t.launchTemplateId(templateId).version(version));
    }

    private MixedInstancesPolicy mixedInstancesPolicy(String version) {
        return MixedInstancesPolicy.builder()
                .instancesDistribution(d -> d.onDemandAllocationStrategy("prioritized").onDemandBaseCapacity(1)
                        .onDemandPercentageAboveBaseCapacity(0).spotAllocationStrategy("price-capacity-optimized"))
                .launchTemplate(l -> l.launchTemplateSpecification(t -> t.launchTemplateId(templateId)
                        .version(version)).overrides(o -> o.instanceType("t3.large"), o -> o.instanceType("t3a.large")))
                .build();
    }

    AutoScalingGroup group() {
        return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP)).autoScalingGroups().get(0);
    }

    List<String> instanceIds() {
        return group().instances().stream().map(i -> i.instanceId()).sorted().toList();
    }

    List<String> tagKeys() {
        return group().tags().stream().map(TagDescription::key).sorted().toList();
    }

    /** The template version EC2 recorded on the instance at launch. */
    String launchedVersion(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0).tags()
                .stream().filter(t -> t.key().equals("aws:ec2launchtemplate:version")).findFirst().orElseThrow()
                .value();
    }

    /** EC2's {@code instanceLifecycle}: "spot" for a spot instance, null for on-demand. */
    String lifecycle(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0)
                .instanceLifecycleAsString();
    }

    InstanceStateName state(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0).state()
                .name();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).propagateAtLaunch(true).build();
    }

    @Override
    public void close() {
        ec2.close();
        autoScaling.close();
    }
}
