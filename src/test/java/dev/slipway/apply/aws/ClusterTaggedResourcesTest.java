package dev.slipway.apply.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.spec.Environment;
import dev.slipway.state.AwsSettings;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import dev.slipway.testing.TestEnvironments;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/**
 * The tag scan {@code slipway down} relies on, against moto's ELBv2 and EC2: it finds what the cloud controller and
 * the EBS CSI driver made for the cluster, never Terraform's resources (tagged {@code slipway/env} too) nor another
 * cluster's, and deletes exactly what it is given.
 */
@ExtendWith(MotoExtension.class)
class ClusterTaggedResourcesTest {
    static final Environment ACC = TestEnvironments.acc();
    AwsClients aws;
    String vpc;
    List<String> subnets;

    @BeforeEach
    void setUp(MotoServer moto) {
        MotoSdkProperties.pointAt(moto);
        aws = new AwsClients(AwsSettings.resolve(ACC.aws().region()));
        Ec2Client ec2 = aws.ec2();
        vpc = ec2.createVpc(b -> b.cidrBlock("10.10.0.0/16")).vpc().vpcId();
        subnets = List.of(
                ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.10.0.0/20").availabilityZone("eu-west-1a")).subnet()
                        .subnetId(),
                ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock("10.10.16.0/20").availabilityZone("eu-west-1b"))
                        .subnet().subnetId());
    }

    @AfterEach
    void tearDown() {
        aws.close();
        MotoSdkProperties.clear();
    }

    /** A load balancer, target group and security group tagged {@code tags}, as the cloud controller makes them. */
    void loadBalancer(String name, Map<String, String> tags) {
        List<Tag> elbTags = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue())
                .build()).toList();
        String sg = aws.ec2().createSecurityGroup(b -> b.groupName(name).description(name).vpcId(vpc)
                .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP).tags(ec2Tags(tags))))
                .groupId();
        aws.loadBalancing().createLoadBalancer(b -> b.name(name).type(LoadBalancerTypeEnum.NETWORK).subnets(subnets)
                .securityGroups(sg).tags(elbTags));
        aws.loadBalancing().createTargetGroup(b -> b.name(name).protocol(ProtocolEnum.TCP).port(80).vpcId(vpc)
                .tags(elbTags));
    }

    static List<software.amazon.awssdk.services.ec2.model.Tag> ec2Tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder()
                .key(e.getKey()).value(e.getValue()).build()).toList();
    }

    @Test
    void leavesWhatTheClusterOnlySharesInAnExistingVpc() {
        // An existing VPC's subnets carry the cluster tag "shared" (network.tf's aws_ec2_tag), and a network team may
        // share a security group the same way; the cloud controller tags what it makes "owned".
        aws.ec2().createTags(b -> b.resources(subnets).tags(ec2Tags(Map.of(ACC.clusterTagKey(), "shared"))));
        String shared = aws.ec2().createSecurityGroup(b -> b.groupName("network-team-shared").description("shared")
                .vpcId(vpc).tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP)
                        .tags(ec2Tags(Map.of(ACC.clusterTagKey(), "shared"))))).groupId();
        loadBalancer("k8s-apps-web", Map.of(ACC.clusterTagKey(), "owned", "kubernetes.io/service-name", "apps/web"));

        List<TaggedResource> found = new ClusterTaggedResources(aws, ACC).scan();
        assertThat(found).extracting(TaggedResource::name)
                .containsExactlyInAnyOrder("k8s-apps-web", "k8s-apps-web", "k8s-apps-web");
        assertThat(found).extracting(TaggedResource::id).doesNotContain(shared).doesNotContainAnyElementsOf(subnets);
    }

    @Test
    void findsTheClustersOwnResourcesButNotTerraformsNorAnotherClusters() {
        loadBalancer("k8s-apps-web", Map.of(ACC.clusterTagKey(), "owned", "kubernetes.io/service-name", "apps/web"));
        loadBalancer("yourcom-acc-api", Map.of(ACC.clusterTagKey(), "owned", Environment.TERRAFORM_ENV_TAG, "acc"));
        loadBalancer("k8s-other", Map.of("kubernetes.io/cluster/yourcom-prod", "owned"));
        aws.ec2().createVolume(b -> b.availabilityZone("eu-west-1a").size(20).tagSpecifications(t -> t
                .resourceType(ResourceType.VOLUME).tags(ec2Tags(Map.of(ACC.clusterTagKey(), "owned",
                        "kubernetes.io/created-for/pvc/namespace", "mongo",
                        "kubernetes.io/created-for/pvc/name", "data-mongo-0")))));

        ClusterTaggedResources scan = new ClusterTaggedResources(aws, ACC);
        List<TaggedResource> found = scan.scan();
        assertThat(found).extracting(TaggedResource::kind).containsExactly(TaggedResource.Kind.LOAD_BALANCER,
                TaggedResource.Kind.TARGET_GROUP, TaggedResource.Kind.SECURITY_GROUP, TaggedResource.Kind.VOLUME);
        assertThat(found.subList(0, 3)).allSatisfy(r -> {
            assertThat(r.name()).isEqualTo("k8s-apps-web");
            assertThat(r.service()).isEqualTo("apps/web");
        });
        assertThat(found.get(3).describe()).contains("claim mongo/data-mongo-0", "20 GiB");

        assertThat(scan.delete(found.subList(0, 3))).isEmpty();
        assertThat(scan.scan()).extracting(TaggedResource::kind).containsExactly(TaggedResource.Kind.VOLUME);
        // Terraform's and the other cluster's are still there.
        assertThat(aws.loadBalancing().describeLoadBalancers().loadBalancers()).extracting(l -> l.loadBalancerName())
                .containsExactlyInAnyOrder("yourcom-acc-api", "k8s-other");
    }

    @Test
    void namesTerraformsLoadBalancersWithDeletionProtection() {
        loadBalancer("yourcom-acc-api", Map.of(ACC.clusterTagKey(), "owned", Environment.TERRAFORM_ENV_TAG, "acc"));
        ClusterTaggedResources scan = new ClusterTaggedResources(aws, ACC);
        assertThat(scan.deletionProtectedTerraformLoadBalancers()).isEmpty();
        String arn = aws.loadBalancing().describeLoadBalancers().loadBalancers().get(0).loadBalancerArn();
        aws.loadBalancing().modifyLoadBalancerAttributes(b -> b.loadBalancerArn(arn).attributes(a -> a
                .key("deletion_protection.enabled").value("true")));
        assertThat(scan.deletionProtectedTerraformLoadBalancers()).containsExactly("yourcom-acc-api");
    }
}
