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
