package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Issue 3, test (b): the moto harness is a working AWS for S3, EC2 and Auto Scaling, and starts clean per test. */
@ExtendWith(MotoExtension.class)
class MotoHarnessTest {

    @Test
    void bucketObjectsAreStoredAndListed(MotoServer moto) {
        try (S3Client s3 = moto.s3()) {
            s3.createBucket(b -> b.bucket("yourcom-infra")
                    .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
            s3.putObject(p -> p.bucket("yourcom-infra").key("acc/controller/config.ign"),
                    RequestBody.fromString("{\"ignition\":{\"version\":\"3.3.0\"}}"));
            s3.putObject(p -> p.bucket("yourcom-infra").key("acc/worker-general/config.ign")
                    .metadata(java.util.Map.of("slipway-sha256", "abc")), RequestBody.fromString("{}"));

            List<S3Object> listed = s3.listObjectsV2(l -> l.bucket("yourcom-infra").prefix("acc/")).contents();
            assertThat(listed).extracting(S3Object::key)
                    .containsExactly("acc/controller/config.ign", "acc/worker-general/config.ign");
            assertThat(listed.get(0).size()).isEqualTo(32L);
            String body = s3.getObjectAsBytes(g -> g.bucket("yourcom-infra").key("acc/controller/config.ign"))
                    .asString(StandardCharsets.UTF_8);
            assertThat(body).isEqualTo("{\"ignition\":{\"version\":\"3.3.0\"}}");
            assertThat(s3.headObject(h -> h.bucket("yourcom-infra").key("acc/worker-general/config.ign")).metadata())
                    .containsEntry("slipway-sha256", "abc");
        }
    }

    @Test
    void resetLeavesNoBucketsFromEarlierTests(MotoServer moto) {
        try (S3Client s3 = moto.s3()) {
            s3.createBucket(b -> b.bucket("leftover")
                    .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
            assertThat(s3.listBuckets().buckets()).hasSize(1);
            moto.reset();
            assertThat(s3.listBuckets().buckets()).isEmpty();
        }
    }

    @Test
    void instanceAndAutoScalingGroupRunAndDescribe(MotoServer moto) {
        try (Ec2Client ec2 = moto.ec2(); AutoScalingClient asg = moto.autoScaling()) {
            List<Image> images = ec2.describeImages(d -> d.owners("amazon")).images();
            assertThat(images).as("moto's default AMIs").isNotEmpty();
            String ami = images.get(0).imageId();

            String vpc = ec2.createVpc(v -> v.cidrBlock("10.10.0.0/16")).vpc().vpcId();
            Subnet subnet = ec2.createSubnet(s -> s.vpcId(vpc).cidrBlock("10.10.1.0/24")
                    .availabilityZone("eu-west-1a")).subnet();

            Instance started = ec2.runInstances(r -> r.imageId(ami).instanceType(InstanceType.T3_MEDIUM)
                    .minCount(1).maxCount(1).subnetId(subnet.subnetId())
                    .tagSpecifications(t -> t.resourceType("instance")
                            .tags(tag -> tag.key("Name").value("yourcom-acc-controller-0")))).instances().get(0);
            Instance described = ec2.describeInstances(d -> d.instanceIds(started.instanceId()))
                    .reservations().get(0).instances().get(0);
            assertThat(described.imageId()).isEqualTo(ami);
            assertThat(described.instanceType()).isEqualTo(InstanceType.T3_MEDIUM);
            assertThat(described.subnetId()).isEqualTo(subnet.subnetId());
            assertThat(described.privateIpAddress()).startsWith("10.10.1.");
            assertThat(described.tags()).anySatisfy(t -> {
                assertThat(t.key()).isEqualTo("Name");
                assertThat(t.value()).isEqualTo("yourcom-acc-controller-0");
            });

            String template = ec2.createLaunchTemplate(l -> l.launchTemplateName("yourcom-acc-worker-general")
                    .launchTemplateData(d -> d.imageId(ami).instanceType(InstanceType.T3_LARGE)))
                    .launchTemplate().launchTemplateId();
            asg.createAutoScalingGroup(a -> a.autoScalingGroupName("yourcom-acc-worker-general")
                    .launchTemplate(t -> t.launchTemplateId(template).version("$Latest"))
                    .minSize(2).desiredCapacity(2).maxSize(4).vpcZoneIdentifier(subnet.subnetId()));

            AutoScalingGroup group = asg.describeAutoScalingGroups(d -> d.autoScalingGroupNames(
                    "yourcom-acc-worker-general")).autoScalingGroups().get(0);
            assertThat(group.minSize()).isEqualTo(2);
            assertThat(group.maxSize()).isEqualTo(4);
            assertThat(group.desiredCapacity()).isEqualTo(2);
            assertThat(group.launchTemplate().launchTemplateId()).isEqualTo(template);
            assertThat(group.instances()).hasSize(2);
            assertThat(ec2.describeInstances(d -> d.filters(f -> f.name("instance-state-name").values("running")))
                    .reservations().stream().mapToInt(r -> r.instances().size()).sum())
                    .as("the controller and two ASG instances run").isEqualTo(3);
        }
    }
}
