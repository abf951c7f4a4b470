package dev.slipway.apply.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.spec.InvalidInputException;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoServer;
import dev.slipway.testing.TestEnvironments;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The Auto Scaling calls of a worker rotation against moto: a pool's group is found by its tags only; instances carry
 * the template version EC2 launched them from; a surge above the maximum raises it and remembers the old one; the
 * original size lives on the group until the rotation ends; termination decrements the desired capacity.
 */
@ExtendWith(MotoExtension.class)
class WorkerGroupsTest {
    private static final String GROUP = "yourcom-acc-worker-general";

    @Test
    void findsThePoolsGroupByTagsAndTellsOldInstancesFromCurrentOnes(MotoServer moto) {
        try (Ec2Client ec2 = moto.ec2(); AutoScalingClient asg = moto.autoScaling()) {
            String template = group(ec2, asg, GROUP, "acc", "$Latest", 2);
            asg.createAutoScalingGroup(r -> r.autoScalingGroupName("someone-elses").minSize(0).maxSize(2)
                    .desiredCapacity(0).availabilityZones("eu-west-1a")
                    .launchTemplate(t -> t.launchTemplateId(template).version("1"))
                    .tags(tag("slipway/pool", "general"), tag("slipway/env", "prod")));
            WorkerGroups groups = new WorkerGroups(asg, ec2);

            WorkerGroup g = groups.find(TestEnvironments.acc(), "general");
            assertThat(g.name()).isEqualTo(GROUP);
            assertThat(g.currentVersion()).isEqualTo("1");
            assertThat(g.outdated()).isEmpty();
            assertThat(g.instances()).hasSize(2).allSatisfy(i -> assertThat(i.zone()).startsWith("eu-west-1"));

            String image2 = ec2.describeImages(r -> r.owners("amazon")).images().get(1).imageId();
            ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(template).sourceVersion("1")
                    .launchTemplateData(d -> d.imageId(image2)));
            g = groups.find(TestEnvironments.acc(), "general");
            assertThat(g.currentVersion()).as("$Latest resolved against the template").isEqualTo("2");
            assertThat(g.outdated()).hasSize(2);

            assertThatThrownBy(() -> groups.find(TestEnvironments.acc(), "mongo"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("no Auto Scaling group tagged slipway/pool=mongo, slipway/env=acc and"
                            + " kubernetes.io/cluster/yourcom-acc=owned");
        }
    }

    @Test
    void aSurgeAboveTheMaximumIsRecordedOnTheGroupAndUndoneWhenTheRotationEnds(MotoServer moto) {
        try (Ec2Client ec2 = moto.ec2(); AutoScalingClient asg = moto.autoScaling()) {
            group(ec2, asg, GROUP, "acc", "1", 2);
            WorkerGroups groups = new WorkerGroups(asg, ec2);
            WorkerGroup g = groups.find(TestEnvironments.acc(), "general");

            groups.recordOriginalSize(g);
            groups.setDesired(g, 3);
            g = groups.refresh(g);
            assertThat(g.desired()).isEqualTo(3);
            assertThat(g.max()).isEqualTo(3);
            assertThat(g.instances()).hasSize(3);
            assertThat(g.originalDesired()).isEqualTo(OptionalInt.of(2));
            assertThat(g.originalMax()).isEqualTo(OptionalInt.of(2));
            assertThat(g.rotationInProgress()).isTrue();
            groups.recordOriginalSize(g);
            assertThat(groups.refresh(g).originalDesired()).as("a resumed run keeps the first numbers")
                    .isEqualTo(OptionalInt.of(2));

            String first = g.instances().get(0).id();
            groups.terminate(first);
            g = groups.refresh(g);
            assertThat(g.desired()).isEqualTo(2);
            assertThat(g.instances()).hasSize(2).noneMatch(i -> i.id().equals(first));

            groups.finishRotation(g);
            g = groups.refresh(g);
            assertThat(g.max()).isEqualTo(2);
            assertThat(g.rotationInProgress()).isFalse();
            assertThat(asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP)).autoScalingGroups().get(0)
                    .tags()).extracting(TagDescription::key).noneMatch(k -> k.startsWith("slipway/rotation-"));
        }
    }

    /**
     * A spot pool's group as workers.tf renders it (issue 28): the template in a mixed instances policy with type
     * overrides, an on-demand base, capacity rebalancing, and interruptions.tf's termination lifecycle hook. The
     * rotation's calls work on it as on an on-demand group: the version is read from the policy (also after a new
     * one is set there), a surge adds one launched from it, a termination (through the hook, which moto completes at
     * once) decrements the desired capacity. 0 % on-demand above the base: moto 5.2.5 rounds the on-demand and spot
     * shares down separately, so a fraction would launch fewer instances than desired (testing/README.md).
     */
    @Test
    void aSpotPoolsMixedInstancesGroupRotatesLikeAnyOther(MotoServer moto) {
        try (Ec2Client ec2 = moto.ec2(); AutoScalingClient asg = moto.autoScaling()) {
            String image = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
            String template = ec2.createLaunchTemplate(r -> r.launchTemplateName(GROUP).launchTemplateData(d -> d
                    .imageId(image).instanceType("m6i.large"))).launchTemplate().launchTemplateId();
            // max 4: the surge stays within it, since moto drops the policy on an UpdateAutoScalingGroup without one
            // (raising the maximum; AWS keeps it). The raise itself is the test above's.
            asg.createAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).minSize(1).maxSize(4).desiredCapacity(3)
                    .availabilityZones("eu-west-1a", "eu-west-1b")
                    .capacityRebalance(true)
                    .mixedInstancesPolicy(m -> m
                            .instancesDistribution(d -> d.onDemandAllocationStrategy("prioritized")
                                    .onDemandBaseCapacity(1).onDemandPercentageAboveBaseCapacity(0)
                                    .spotAllocationStrategy("price-capacity-optimized"))
                            .launchTemplate(l -> l.launchTemplateSpecification(t -> t.launchTemplateId(template)
                                    .version("1")).overrides(o -> o.instanceType("m6i.large"),
                                    o -> o.instanceType("m5.large"))))
                    .tags(tag("kubernetes.io/cluster/yourcom-acc", "owned"), tag("slipway/env", "acc"),
                            tag("slipway/role", "worker"), tag("slipway/pool", "general")));
            asg.putLifecycleHook(r -> r.autoScalingGroupName(GROUP).lifecycleHookName("node-termination-handler")
                    .lifecycleTransition("autoscaling:EC2_INSTANCE_TERMINATING").defaultResult("CONTINUE")
                    .heartbeatTimeout(300));
            var created = asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP)).autoScalingGroups()
                    .get(0);
            assertThat(created.mixedInstancesPolicy().instancesDistribution().onDemandBaseCapacity()).isEqualTo(1);
            assertThat(created.launchTemplate()).as("the template only in the policy").isNull();
            WorkerGroups groups = new WorkerGroups(asg, ec2);

            WorkerGroup g = groups.find(TestEnvironments.acc(), "general");
            assertThat(g.currentVersion()).isEqualTo("1");
            assertThat(g.instances()).hasSize(3);
            assertThat(g.outdated()).isEmpty();

            // infra apply after a new image: a new template version, set in the policy (workers.tf's latest_version).
            String image2 = ec2.describeImages(r -> r.owners("amazon")).images().get(1).imageId();
            ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(template).sourceVersion("1")
                    .launchTemplateData(d -> d.imageId(image2)));
            // made the default as workers.tf's update_default_version does (moto launches from the default)
            ec2.modifyLaunchTemplate(r -> r.launchTemplateId(template).defaultVersion("2"));
            asg.updateAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).mixedInstancesPolicy(m -> m
                    .instancesDistribution(d -> d.onDemandAllocationStrategy("prioritized")
                            .onDemandBaseCapacity(1).onDemandPercentageAboveBaseCapacity(0)
                            .spotAllocationStrategy("price-capacity-optimized"))
                    .launchTemplate(l -> l.launchTemplateSpecification(t -> t.launchTemplateId(template)
                            .version("2")).overrides(o -> o.instanceType("m6i.large"),
                            o -> o.instanceType("m5.large")))));
            g = groups.find(TestEnvironments.acc(), "general");
            assertThat(g.currentVersion()).as("read from the mixed instances policy").isEqualTo("2");
            assertThat(g.outdated()).hasSize(3);

            groups.recordOriginalSize(g);
            groups.setDesired(g, 4);
            g = groups.refresh(g);
            assertThat(g.desired()).isEqualTo(4);
            assertThat(g.instances()).hasSize(4);
            assertThat(g.current()).as("the surge instance launched from the policy's new version").hasSize(1);
            assertThat(g.outdated()).hasSize(3);

            String first = g.outdated().get(0).id();
            groups.terminate(first);
            g = groups.refresh(g);
            assertThat(g.desired()).isEqualTo(3);
            assertThat(g.instances()).hasSize(3).noneMatch(i -> i.id().equals(first));
            assertThat(g.outdated()).hasSize(2);
            groups.finishRotation(g);
            g = groups.refresh(g);
            assertThat(g.max()).isEqualTo(4);
            assertThat(g.rotationInProgress()).isFalse();
            assertThat(asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP)).autoScalingGroups().get(0)
                    .mixedInstancesPolicy().instancesDistribution().onDemandBaseCapacity()).isEqualTo(1);
        }
    }

    /** A group as Terraform renders a pool's (tags included); returns its launch template's id. */
    private static String group(Ec2Client ec2, AutoScalingClient asg, String name, String env, String version,
            int size) {
        String image = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
        String template = ec2.createLaunchTemplate(r -> r.launchTemplateName(name).launchTemplateData(d -> d
                .imageId(image).instanceType("t3.large"))).launchTemplate().launchTemplateId();
        asg.createAutoScalingGroup(r -> r.autoScalingGroupName(name).minSize(1).maxSize(size).desiredCapacity(size)
                .availabilityZones("eu-west-1a", "eu-west-1b")
                .launchTemplate(t -> t.launchTemplateId(template).version(version))
                .tags(tag("kubernetes.io/cluster/yourcom-" + env, "owned"), tag("slipway/env", env),
                        tag("slipway/role", "worker"), tag("slipway/pool", "general")));
        return template;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).propagateAtLaunch(true).build();
    }
}
